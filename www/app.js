// The playground: load a page (sample, file, paste), have the engine analyse it in a worker,
// show the original and the cleaned page side by side, and the report beside them.
//
// The cleaned frame is cleaned exactly as the extension cleans a tab (content.js): outline
// headings found first, then applier.js applies the plan and ui.js adds the cards, tooltips,
// outline panel and status bar. Those two files and settings.js are the extension's own,
// copied into common/ by scripts/build-www.py.
import { applyPlan, fingerprintMismatch, resolvePath } from "./common/applier.js";
import { KIND_LABEL, createUI, el as elementOf, sourceLabel as termSource } from "./common/ui.js";
import { LOCAL_DEFAULTS, PACKS, SYNC_DEFAULTS } from "./common/settings.js";
import { currentLang, initialLang, loadStrings, setLang, t, translate } from "./i18n.js";
import { clearHighlight, highlight, loadFrame, noscriptAsComments, parsePage, prepareFrame } from "./frames.js";

/** Larger pages are refused: two frames parsing them would freeze the tab. */
export const MAX_MB = 10;
const MAX_BYTES = MAX_MB * 1024 * 1024;

const $ = (id) => document.getElementById(id);
const frames = { original: $("frame-original"), cleaned: $("frame-cleaned") };
const el = (tag, props, ...children) => elementOf(document, tag, props, ...children);

// ---------------------------------------------------------------------------------------------
// Messages

function say(text) {
  $("status").textContent = text;
}

function fail(text) {
  const box = $("error");
  box.textContent = text;
  box.hidden = !text;
}

// ---------------------------------------------------------------------------------------------
// The engine, in a module worker. One job at a time: a new page ends the job in progress.

let worker = null;
let nextId = 1;
const pending = new Map();

function rejectAll(error) {
  for (const { reject } of pending.values()) reject(error);
  pending.clear();
}

function getWorker() {
  if (worker) return worker;
  worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  worker.addEventListener("message", ({ data }) => {
    const job = pending.get(data.id);
    if (!job) return;
    pending.delete(data.id);
    if (data.error) job.reject(data.error);
    else job.resolve(data.ok);
  });
  worker.addEventListener("error", (e) => {
    e.preventDefault?.();
    stopWorker();
    rejectAll({ code: "worker", message: e.message || "the engine's worker did not load" });
  });
  return worker;
}

function stopWorker() {
  worker?.terminate();
  worker = null;
}

function call(message, transfer = []) {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    getWorker().postMessage({ ...message, id }, transfer);
  });
}

// ---------------------------------------------------------------------------------------------
// Options: the same names as the extension's settings (settings.js), minus the site lists.

function readOptions() {
  const options = {};
  for (const key of Object.keys(SYNC_DEFAULTS)) {
    if (key !== "autoCleanSites" && key !== "neverCleanSites") options[key] = SYNC_DEFAULTS[key];
  }
  Object.assign(options, structuredClone(LOCAL_DEFAULTS));
  for (const box of document.querySelectorAll("[data-option]")) options[box.dataset.option] = box.checked;
  const packs = [...document.querySelectorAll("[data-pack]")].filter((b) => b.checked).map((b) => b.dataset.pack);
  options.packs = packs.length === PACKS.length ? null : packs;
  const problem = $("custom-glossary-problem");
  problem.textContent = "";
  const raw = $("custom-glossary").value.trim();
  let glossary;
  try {
    glossary = JSON.parse(raw || "[]");
  } catch (e) {
    problem.textContent = t("optBadJson", e.message);
    return null;
  }
  if (!Array.isArray(glossary)) {
    problem.textContent = t("optNotList");
    return null;
  }
  options.customGlossary = glossary;
  options.rules = $("rules").value.split("\n").map((r) => r.trim()).filter(Boolean);
  return options;
}

function buildPackBoxes() {
  const box = $("packs");
  for (const pack of PACKS) {
    const input = el("input", { type: "checkbox", "data-pack": pack, checked: true });
    input.addEventListener("change", () => rerun());
    box.append(el("label", {}, input, " ", el("span", { "data-t": `pack_${pack}` })));
  }
}

// ---------------------------------------------------------------------------------------------
// Loading

/** What is shown: `{ source, result }` (result from the worker); `view`: the cleaned frame's state. */
let current = null;
let view = null;

/** A source: `{ kind: "file"|"sample"|"paste", name, bytes?, text? }`. */
function sourceLabel(source) {
  return source.kind === "paste" ? t("pasted") : `“${source.name}”`;
}

function tooBig(size, name) {
  fail(t("errTooBig", name, (size / (1024 * 1024)).toFixed(1), MAX_MB));
}

async function fromFile(file) {
  fail("");
  if (file.size > MAX_BYTES) return tooBig(file.size, file.name);
  if (file.size === 0) return fail(t("errEmptyFile", file.name));
  let bytes;
  try {
    bytes = await file.arrayBuffer();
  } catch (e) {
    return fail(t("errRead", file.name, e.message));
  }
  return run({ kind: "file", name: file.name, bytes });
}

async function fromSample(name) {
  fail("");
  let bytes;
  try {
    const res = await fetch(new URL(`./samples/${encodeURIComponent(name)}`, import.meta.url));
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    bytes = await res.arrayBuffer();
  } catch (e) {
    return fail(t("errSample", e.message));
  }
  return run({ kind: "sample", name, bytes });
}

function fromPaste() {
  fail("");
  const text = $("paste").value;
  if (!text.trim()) return fail(t("errEmptyPaste"));
  if (text.length > MAX_BYTES) return tooBig(text.length, t("pasted"));
  return run({ kind: "paste", name: "pasted.html", text });
}

function errorText(source, error) {
  const name = source.kind === "paste" ? t("pasted") : source.name;
  switch (error.code) {
    case "empty":
      return source.kind === "paste" ? t("errEmptyPaste") : t("errEmptyFile", name);
    case "binary":
      return t("errBinary", name, error.detail);
    case "notHtml":
      return t("errNotHtml", name);
    case "options":
      return t("errOptions", error.message);
    case "crash":
      return t("errCrash", sourceLabel(source), error.message);
    case "worker":
      return t("errWorker", error.message);
    default:
      return t("errEngine", sourceLabel(source), error.message);
  }
}

let runs = 0;

/** Analyses a source and shows it. A later run supersedes this one. */
async function run(source) {
  const options = readOptions();
  if (!options) {
    $("options").open = true;
    return;
  }
  const mine = ++runs;
  if (pending.size) {
    // The page in progress is not wanted any more: its worker goes, a fresh one starts.
    stopWorker();
    rejectAll({ code: "cancelled" });
  }
  document.body.classList.add("busy");
  document.body.dataset.phase = "engine"; // then "render" (the frames), for the tests
  say(t("working", sourceLabel(source)));
  $("cancel").hidden = false;
  // The bytes go to the worker (transferred), so keep a copy for "Clean again" with new options.
  const message = { type: "analyze", url: $("url").value.trim() || null, options };
  const transfer = [];
  if (source.bytes) {
    message.bytes = source.bytes.slice(0);
    transfer.push(message.bytes);
  } else message.text = source.text;
  let result;
  try {
    result = await call(message, transfer);
  } catch (error) {
    if (mine !== runs) return;
    if (error.code === "crash") stopWorker();
    document.body.classList.remove("busy");
    delete document.body.dataset.phase;
    $("cancel").hidden = true;
    say(error.code === "cancelled" ? t("cancelled") : "");
    if (error.code !== "cancelled") fail(errorText(source, error));
    return;
  }
  if (mine !== runs) return;
  current = { source, result };
  document.body.dataset.phase = "render";
  await show();
  document.body.classList.remove("busy");
  delete document.body.dataset.phase;
  $("cancel").hidden = true;
}

function cancel() {
  runs++;
  stopWorker();
  rejectAll({ code: "cancelled" });
  document.body.classList.remove("busy");
  delete document.body.dataset.phase;
  $("cancel").hidden = true;
  say(t("cancelled"));
}

/** Analyses the current page again (new options). */
function rerun() {
  if (current) run(current.source);
}

// ---------------------------------------------------------------------------------------------
// The frames

/** How many of the plan's targets (edits and outline) are missing or different in `doc`. */
function misses(doc, plan) {
  const targets = [...plan.edits, ...(plan.outline ?? [])].map((x) => x.target);
  return targets.filter((t) => {
    const el = resolvePath(doc, t.path);
    return !el || fingerprintMismatch(el, t.fingerprint) !== null;
  }).length;
}

/**
 * The page as the frames will hold it. Read with scripts off (as in the frames), `<noscript>`
 * content is markup, not text as for the engine; where that moves elements, the reading with
 * that content as comments fits the plan better, and is taken (frames.js).
 */
function readPage(text, plan) {
  const page = parsePage(text);
  const alt = noscriptAsComments(text);
  if (alt === text) return page;
  const miss = misses(page, plan);
  if (!miss) return page;
  const other = parsePage(alt);
  return misses(other, plan) < miss ? other : page;
}

let shows = 0;

async function show() {
  if (!current) return;
  const mine = ++shows;
  const { source, result } = current;
  const { plan, report } = result;
  const remoteImages = $("remote-images").checked;
  view?.ui?.destroy();
  view = null;
  const page = readPage(result.text, plan);
  const [origDoc, doc] = await Promise.all([
    loadFrame(frames.original, page, { remoteImages }),
    loadFrame(frames.cleaned, page, { remoteImages }),
  ]);
  if (mine !== shows) return;
  document.querySelector(".workspace").classList.add("loaded");
  for (const d of [origDoc, doc]) prepareFrame(d, { onDrop: onFiles });

  // As the extension does (content.js): headings first, media paused, then the plan.
  const headings = (plan.outline ?? []).map((entry) => {
    const h = resolvePath(doc, entry.target.path);
    return h && !fingerprintMismatch(h, entry.target.fingerprint) ? h : null;
  });
  for (const media of doc.querySelectorAll("video, audio")) media.pause?.();
  const targets = new Map(plan.edits.map((e) => [e.id, resolvePath(doc, e.target.path)]));
  const state = { doc, origDoc, headings, targets, markers: new Map(), restored: new Set() };
  const ui = createUI(doc, { t, onUndo: () => undoAll() });
  state.ui = ui;
  // The applier puts a comment where it removes an element: seen here, it marks the place.
  const watcher = new MutationObserver(() => {});
  watcher.observe(doc, { childList: true, subtree: true });
  const session = applyPlan(doc, plan, {
    card: ui.card,
    term: ui.term,
    onRestore: (id) => {
      ui.restored(0, id);
      state.restored.add(id);
      markRow(id);
    },
  });
  for (const record of watcher.takeRecords()) {
    const [added] = record.addedNodes;
    const [removed] = record.removedNodes;
    if (added?.nodeType === 8 && removed && record.addedNodes.length === 1) state.markers.set(removed, added);
  }
  watcher.disconnect();
  state.session = session;
  ui.show(report, session, headings);
  view = state;
  renderReport();
  $("clean-again").hidden = true;
  say(t("done", sourceLabel(source), session.applied, result.timing.analyzeMs.toFixed(1)));
}

function undoAll() {
  if (!view?.session) return;
  view.session.undo();
  view.ui.destroy();
  view.undone = true;
  clearHighlight(view.doc);
  say(t("undone"));
  $("clean-again").hidden = false;
}

// ---------------------------------------------------------------------------------------------
// The report

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

function renderReport() {
  const { result } = current;
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
          { type: "button", class: "edit", onclick: () => focusEdit(edit) },
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
              { type: "button", class: "section", onclick: () => focusSection(i) },
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
  $("terms").replaceChildren(
    ...(terms.length
      ? terms.map((a) =>
          el(
            "li",
            { "data-term": a.term, "data-source": a.source },
            el(
              "button",
              { type: "button", class: "term", onclick: () => focusTerm(a.term) },
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

function markRow(id) {
  const row = $("edits").querySelector(`li[data-edit="${id}"]`);
  if (!row) return;
  row.classList.add("restored");
  row.querySelector(".state").textContent = t("restored");
}

/** Highlights an edit in both frames. */
function focusEdit(edit) {
  if (!view) return;
  const { doc, origDoc, session, targets, markers } = view;
  const label = (hidden) => {
    const text = `${t(KIND_LABEL[edit.kind] ?? edit.kind)} · ${edit.reason}`;
    return hidden ? t("hiddenElement", text) : text;
  };
  // The original: the target itself (a term: its characters).
  const orig = resolvePath(origDoc, edit.target.path);
  let origTarget = orig && !fingerprintMismatch(orig, edit.target.fingerprint) ? orig : null;
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

function focusSection(i) {
  if (!view) return;
  const entry = current.result.report.outline[i];
  const orig = resolvePath(view.origDoc, entry.target.path);
  const label = () => `${t("outlineTitle")} · ${entry.title}`;
  highlight(view.origDoc, orig && !fingerprintMismatch(orig, entry.target.fingerprint) ? orig : null, label);
  highlight(view.doc, view.headings[i], label);
}

function focusTerm(term) {
  const edit = current?.result.report.edits.find((e) => e.kind === "annotate" && e.term === term);
  if (edit) focusEdit(edit);
}

// ---------------------------------------------------------------------------------------------
// Downloads

function baseName() {
  const name = current.source.kind === "paste" ? "page" : current.source.name;
  return name.replace(/\.[^.]*$/, "") || "page";
}

function save(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The cleaned HTML as the engine renders it (the CLI's output), with only the edits still applied. */
async function downloadHtml() {
  if (!current) return;
  const { plan, text } = current.result;
  const live = view?.session;
  const edits = live ? plan.edits.filter((e) => live.isApplied(e.id)) : plan.edits;
  try {
    const rendered = await call({ type: "render", text, plan: { ...plan, edits } });
    save(`${baseName()}.cleaned.html`, "text/html;charset=utf-8", rendered.html);
  } catch (error) {
    if (error.code !== "cancelled") fail(errorText(current.source, error));
  }
}

function downloadReport() {
  if (!current) return;
  save(`${baseName()}.report.json`, "application/json", `${JSON.stringify(current.result.report, null, 2)}\n`);
}

// ---------------------------------------------------------------------------------------------
// Language, view switch, drag and drop

function applyLang() {
  document.documentElement.lang = t("lang");
  translate(document);
  document.title = t("pageTitle");
  const sw = $("lang-switch");
  sw.textContent = t("switchTo");
  sw.lang = currentLang() === "zh" ? "en" : "zh-CN";
  for (const [name, frame] of Object.entries(frames)) {
    frame.title = t(name === "original" ? "frameOriginal" : "frameCleaned");
  }
}

function setView(which) {
  document.querySelector(".workspace").dataset.view = which;
  for (const b of document.querySelectorAll(".view-switch button")) {
    b.setAttribute("aria-pressed", String(b.dataset.view === which));
  }
}

function onFiles(files) {
  if (files.length !== 1) return fail(t("errOneFile"));
  fromFile(files[0]);
}

function wireDrop() {
  let depth = 0;
  const overlay = $("drop-overlay");
  const hasFiles = (e) => [...(e.dataTransfer?.types ?? [])].includes("Files");
  window.addEventListener("dragenter", (e) => {
    if (!hasFiles(e)) return;
    depth++;
    overlay.hidden = false;
  });
  window.addEventListener("dragleave", () => {
    depth = Math.max(0, depth - 1);
    if (!depth) overlay.hidden = true;
  });
  window.addEventListener("dragover", (e) => {
    if (hasFiles(e)) e.preventDefault();
  });
  window.addEventListener("drop", (e) => {
    depth = 0;
    overlay.hidden = true;
    if (!e.dataTransfer?.files?.length) return;
    e.preventDefault();
    onFiles(e.dataTransfer.files);
  });
}

async function loadSampleList() {
  const res = await fetch(new URL("./samples/index.json", import.meta.url));
  const samples = await res.json();
  $("sample").replaceChildren(
    ...samples.map((s) => el("option", { value: s.file, text: `${s.file} (${s.language}, ${s.encoding})` })),
  );
  // The first sample in the reader's language.
  const mine = samples.find((s) => s.language === currentLang());
  if (mine) $("sample").value = mine.file;
}

async function main() {
  setLang(initialLang());
  await loadStrings();
  buildPackBoxes();
  applyLang();
  await loadSampleList().catch((e) => fail(t("errSample", e.message)));
  getWorker(); // starts loading the engine now

  $("lang-switch").addEventListener("click", async () => {
    setLang(currentLang() === "zh" ? "en" : "zh", true);
    applyLang();
    if (current) await show(); // ui.js strings are set when it is created
  });
  $("load-sample").addEventListener("click", () => fromSample($("sample").value));
  $("file").addEventListener("change", (e) => {
    const [file] = e.target.files;
    if (file) fromFile(file);
    e.target.value = ""; // the same file again is a new load
  });
  $("clean-paste").addEventListener("click", fromPaste);
  $("cancel").addEventListener("click", cancel);
  $("clean-again").addEventListener("click", () => show());
  for (const box of document.querySelectorAll("[data-option]")) box.addEventListener("change", () => rerun());
  $("apply-options").addEventListener("click", () => rerun());
  $("remote-images").addEventListener("change", () => show());
  $("download-html").addEventListener("click", downloadHtml);
  $("download-report").addEventListener("click", downloadReport);
  for (const b of document.querySelectorAll(".view-switch button")) {
    b.addEventListener("click", () => setView(b.dataset.view));
  }
  wireDrop();
  document.body.dataset.ready = "true";
}

main();

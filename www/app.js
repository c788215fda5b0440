// The playground: load a page (sample, file, paste), have the engine analyse it in a worker,
// show the original and the cleaned page side by side, and the report beside them.
//
// The cleaned frame is cleaned exactly as the extension cleans a tab: with the extension's own
// clean-document.js (applier.js applies the plan, ui.js adds the cards, tooltips, outline panel
// and status bar), copied into common/ by scripts/build-www.py with settings.js.
//
// This file ties the parts together: the options, running a clean, the frames, the language and
// the view switch. The worker's client is engine-client.js, the report panel report.js, pages
// in and files out files.js.
import { resolvePath, resolveTarget } from "./common/applier.js";
import { cleanDocument, pickInto } from "./common/clean-document.js";
import { LOCAL_DEFAULTS, PACKS, SYNC_DEFAULTS } from "./common/settings.js";
import { busy, call, errorText, rejectAll, startWorker, stopWorker } from "./engine-client.js";
import {
  downloadHtml,
  downloadReport,
  droppedSource,
  fileSource,
  loadSampleList,
  pasteSource,
  sampleSource,
  wireDrop,
} from "./files.js";
import { clearHighlight, loadFrame, noscriptAsComments, parsePage, prepareFrame } from "./frames.js";
import { currentLang, initialLang, loadStrings, setLang, t, translate } from "./i18n.js";
import { markRow, renderReport } from "./report.js";
import { $, el, fail, say, sourceLabel } from "./shell.js";

const frames = { original: $("frame-original"), cleaned: $("frame-cleaned") };

// ---------------------------------------------------------------------------------------------
// Options: the engine's, named as the extension's settings (settings.js).

/**
 * Why a rule shown to copy would not do on the page as it loads (the original frame: what the
 * engine reads on the next clean): its selector must match exactly one element there; or null.
 * The extension checks its rules the same way (content.js).
 */
function ruleProblem(origDoc, line) {
  const selector = /^[^#\s]*(?:##|#@#)(.+)$/.exec(line)?.[1];
  if (!selector) return t("rememberNoSelector");
  let found;
  try {
    found = origDoc.querySelectorAll(selector).length;
  } catch {
    return t("rememberNoSelector");
  }
  return found === 1 ? null : t("rememberNotOnLoad", found);
}

function readOptions() {
  const options = { ...SYNC_DEFAULTS, ...structuredClone(LOCAL_DEFAULTS) };
  for (const box of document.querySelectorAll("[data-option]")) options[box.dataset.option] = box.checked;
  for (const select of document.querySelectorAll("[data-choice]")) options[select.dataset.choice] = select.value;
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
// Running a clean

/** What is shown: `{ source, result }` (result from the worker); `view`: the cleaned frame's state. */
let current = null;
let view = null;
let runs = 0;

/** Cleans what `pending` (a source, or null where there is none) resolves to. */
async function runFrom(pending) {
  const source = await pending;
  if (source) await run(source);
}

/** Files dropped on the playground or on a frame. */
const onFiles = (files) => runFrom(droppedSource(files));

/** Analyses a source and shows it. A later run supersedes this one. */
async function run(source) {
  const options = readOptions();
  if (!options) {
    $("options").open = true;
    return;
  }
  const mine = ++runs;
  if (busy()) {
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
  return [...plan.edits, ...(plan.outline ?? [])].filter((x) => !resolveTarget(doc, x.target)).length;
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
  view?.picker?.stop();
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

  const targets = new Map(plan.edits.map((e) => [e.id, resolvePath(doc, e.target.path)]));
  const state = { doc, origDoc, targets, markers: new Map(), restored: new Set() };
  // The applier puts a comment where it removes an element: seen here, it marks the place.
  const watcher = new MutationObserver(() => {});
  watcher.observe(doc, { childList: true, subtree: true });
  const { ui, session, headings } = cleanDocument(doc, plan, report, {
    t,
    onUndo: () => undoAll(),
    onRestore: (id) => {
      state.restored.add(id);
      markRow(id);
    },
    // Pick mode, as in the extension; "Always on this site" shows the rule to copy (nothing is
    // stored here). The site is the page address's, when one is given.
    onPick: (e) => startPick(state, report, !e || e.detail === 0),
    remember: { site: siteOfAddress($("url").value), save: null, check: (line) => ruleProblem(origDoc, line) },
  });
  for (const record of watcher.takeRecords()) {
    const [added] = record.addedNodes;
    const [removed] = record.removedNodes;
    if (added?.nodeType === 8 && removed && record.addedNodes.length === 1) state.markers.set(removed, added);
  }
  watcher.disconnect();
  Object.assign(state, { ui, session, headings });
  view = state;
  renderReport(result, view);
  $("clean-again").hidden = true;
  say(t("done", sourceLabel(source), session.applied, result.timing.analyzeMs.toFixed(1)));
}

/** The host name of an address, without `www.` ("" when there is none: a rule for every site). */
function siteOfAddress(address) {
  try {
    return new URL(address.trim()).hostname.toLowerCase().replace(/^www\./, "");
  } catch {
    return "";
  }
}

/** Pick mode in the cleaned frame: a removal joins the clean's session. */
function startPick(state, report, keyboard) {
  if (state.picker || view !== state) return;
  frames.cleaned.focus();
  state.picker = pickInto(state.doc, state.ui, () => state.session, { t, title: report.title, keyboard });
  state.picker.done.then(() => {
    state.picker = null;
  });
}

function undoAll() {
  if (!view?.session) return;
  view.picker?.stop();
  view.session.undo();
  view.ui.destroy();
  view.undone = true;
  clearHighlight(view.doc);
  say(t("undone"));
  $("clean-again").hidden = false;
}

// ---------------------------------------------------------------------------------------------
// Language, view switch

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

async function main() {
  setLang(initialLang());
  await loadStrings();
  buildPackBoxes();
  applyLang();
  await loadSampleList().catch((e) => fail(t("errSample", e.message)));
  startWorker(); // starts loading the engine now

  $("lang-switch").addEventListener("click", async () => {
    setLang(currentLang() === "zh" ? "en" : "zh", true);
    applyLang();
    if (current) await show(); // ui.js strings are set when it is created
  });
  $("load-sample").addEventListener("click", () => runFrom(sampleSource($("sample").value)));
  $("file").addEventListener("change", (e) => {
    const [file] = e.target.files;
    if (file) runFrom(fileSource(file));
    e.target.value = ""; // the same file again is a new load
  });
  $("clean-paste").addEventListener("click", () => runFrom(pasteSource()));
  $("cancel").addEventListener("click", cancel);
  $("clean-again").addEventListener("click", () => show());
  for (const box of document.querySelectorAll("[data-option]")) box.addEventListener("change", () => rerun());
  for (const select of document.querySelectorAll("[data-choice]")) select.addEventListener("change", () => rerun());
  $("apply-options").addEventListener("click", () => rerun());
  $("remote-images").addEventListener("change", () => show());
  $("download-html").addEventListener("click", () => downloadHtml(current, view));
  $("download-report").addEventListener("click", () => downloadReport(current));
  for (const b of document.querySelectorAll(".view-switch button")) {
    b.addEventListener("click", () => setView(b.dataset.view));
  }
  wireDrop(onFiles);
  document.body.dataset.ready = "true";
}

main();

// Pages in and files out: a page to clean from a file (chosen or dropped), a bundled sample or a
// paste, each as a source for app.js's `run` (null after saying what is wrong); the sample list;
// the downloads of the cleaned HTML and of the report.
import { call, errorText } from "./engine-client.js";
import { currentLang, t } from "./i18n.js";
import { $, el, fail } from "./shell.js";

/** Larger pages are refused: two frames parsing them would freeze the tab. */
const MAX_MB = 10;
const MAX_BYTES = MAX_MB * 1024 * 1024;

/** No source: the error box says why. */
function refuse(text) {
  fail(text);
  return null;
}

function tooBig(size, name) {
  return refuse(t("errTooBig", name, (size / (1024 * 1024)).toFixed(1), MAX_MB));
}

export async function fileSource(file) {
  fail("");
  if (file.size > MAX_BYTES) return tooBig(file.size, file.name);
  if (file.size === 0) return refuse(t("errEmptyFile", file.name));
  try {
    return { kind: "file", name: file.name, bytes: await file.arrayBuffer() };
  } catch (e) {
    return refuse(t("errRead", file.name, e.message));
  }
}

/** Dropped files: one page at a time. */
export function droppedSource(files) {
  if (files.length !== 1) return refuse(t("errOneFile"));
  return fileSource(files[0]);
}

export async function sampleSource(name) {
  fail("");
  try {
    const res = await fetch(new URL(`./samples/${encodeURIComponent(name)}`, import.meta.url));
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return { kind: "sample", name, bytes: await res.arrayBuffer() };
  } catch (e) {
    return refuse(t("errSample", e.message));
  }
}

export function pasteSource() {
  fail("");
  const text = $("paste").value;
  if (!text.trim()) return refuse(t("errEmptyPaste"));
  if (text.length > MAX_BYTES) return tooBig(text.length, t("pasted"));
  return { kind: "paste", name: "pasted.html", text };
}

/** Files dropped anywhere on the playground go to `onFiles(files)`; the overlay shows meanwhile. */
export function wireDrop(onFiles) {
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

export async function loadSampleList() {
  const res = await fetch(new URL("./samples/index.json", import.meta.url));
  const samples = await res.json();
  $("sample").replaceChildren(
    ...samples.map((s) => el("option", { value: s.file, text: `${s.file} (${s.language}, ${s.encoding})` })),
  );
  // The first sample in the reader's language.
  const mine = samples.find((s) => s.language === currentLang());
  if (mine) $("sample").value = mine.file;
}

// ---------------------------------------------------------------------------------------------
// Downloads, of what is shown: `current` (`{ source, result }`) and `view` (the cleaned frame).

function baseName(source) {
  const name = source.kind === "paste" ? "page" : source.name;
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
export async function downloadHtml(current, view) {
  if (!current) return;
  const { plan, text } = current.result;
  const live = view?.session;
  const edits = live ? plan.edits.filter((e) => live.isApplied(e.id)) : plan.edits;
  try {
    const rendered = await call({ type: "render", text, plan: { ...plan, edits } });
    save(`${baseName(current.source)}.cleaned.html`, "text/html;charset=utf-8", rendered.html);
  } catch (error) {
    if (error.code !== "cancelled") fail(errorText(current.source, error));
  }
}

export function downloadReport(current) {
  if (!current) return;
  save(`${baseName(current.source)}.report.json`, "application/json", `${JSON.stringify(current.result.report, null, 2)}\n`);
}

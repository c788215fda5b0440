// The engine, in a module worker (worker.js): requests and answers matched by id. One job at a
// time: a new page ends the job in progress by stopping the worker.
import { sourceLabel } from "./shell.js";
import { t } from "./i18n.js";

let worker = null;
let nextId = 1;
const pending = new Map();

/** Fails every request still waiting with `error` (`{ code, message }`). */
export function rejectAll(error) {
  for (const { reject } of pending.values()) reject(error);
  pending.clear();
}

/** The worker, started if it is not running (it loads the engine at once). */
export function startWorker() {
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

export function stopWorker() {
  worker?.terminate();
  worker = null;
}

/** Whether a request is waiting for its answer. */
export const busy = () => pending.size > 0;

/** Sends a request (worker.js lists them); resolves its answer, rejects with its error. */
export function call(message, transfer = []) {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    startWorker().postMessage({ ...message, id }, transfer);
  });
}

/** What the reader is told when the engine refused or failed `source`. */
export function errorText(source, error) {
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

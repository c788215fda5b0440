// The playground page's own parts, for every module of it: its elements, the status line, the
// error box, and how a loaded page is named in them.
import { el as elementOf } from "./common/ui.js";
import { t } from "./i18n.js";

export const $ = (id) => document.getElementById(id);

/** An element of the playground page (ui.js's builder: props, text, handlers, children). */
export const el = (tag, props, ...children) => elementOf(document, tag, props, ...children);

export function say(text) {
  $("status").textContent = text;
}

export function fail(text) {
  const box = $("error");
  box.textContent = text;
  box.hidden = !text;
}

/** A source: `{ kind: "file"|"sample"|"paste", name, bytes?, text? }`. */
export function sourceLabel(source) {
  return source.kind === "paste" ? t("pasted") : `“${source.name}”`;
}

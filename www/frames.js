// The two frames. Each is `<iframe sandbox="allow-same-origin">` (no `allow-scripts`): the
// page's scripts, inline handlers, `javascript:` links and meta refreshes do not run, while the
// playground, being same-origin, still reaches into the frame's DOM and edits it with applier.js
// and ui.js. The frame starts as a `srcdoc` shell whose `<head>` holds a Content-Security-Policy
// `<meta>` (nothing loads from the network; images only if the reader asks); the page, parsed
// inert by DOMParser, then replaces the shell's `<html>`: the policy stays in force. Parsing it
// inert first lets the playground take the address out of the page's `<iframe>`s before they are
// in a live document: Chromium opens a connection to an iframe's host even when the policy then
// blocks the frame. See README.md for what was verified in which browser.

/** The frames' own policy, on top of the playground's (a srcdoc document inherits that one). */
export function framePolicy(remoteImages) {
  return [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    `img-src ${remoteImages ? "* data:" : "data:"}`,
    "font-src data:",
  ].join("; ");
}

/** Hints that could make a browser connect ahead of time; links' pings. */
const HINTS = "link[rel~=preconnect i], link[rel~=dns-prefetch i], link[rel~=prefetch i], link[rel~=prerender i], link[rel~=preload i], link[rel~=modulepreload i]";

function park(el, attr) {
  if (!el.hasAttribute(attr)) return;
  el.setAttribute(`data-newslens-${attr}`, el.getAttribute(attr));
  el.removeAttribute(attr);
}

/**
 * Parses a page, inert (a DOMParser document has no window: nothing in it loads or runs), and
 * parks the attributes that would reach the network without asking the policy first: nested
 * frames' `src`, connection hints' `href`, links' `ping`. The element tree stays the page's own
 * (the same parse as a frame with scripts off), so the plan's paths and fingerprints fit it.
 */
export function parsePage(html) {
  const doc = new DOMParser().parseFromString(html, "text/html");
  for (const el of doc.querySelectorAll("iframe, frame")) park(el, "src");
  for (const el of doc.querySelectorAll(HINTS)) park(el, "href");
  for (const el of doc.querySelectorAll("a[ping], area[ping]")) park(el, "ping");
  return doc;
}

// Elements whose content the tokenizer reads as text up to their end tag.
const RAW_TEXT = new Set(["script", "style", "xmp", "iframe", "noembed", "noframes", "textarea", "title"]);

/**
 * The page with each `<noscript>`'s content turned into a comment. Where scripts are off (a
 * DOMParser document, a sandboxed frame) a browser reads that content as markup; the engine
 * reads it as text, as a browser with scripts on does. In `<head>` the difference moves
 * elements: an `<img>` there closes the head, and what follows lands in `<body>`, so the plan's
 * paths miss. As a comment the content stays inside the `<noscript>` in both readings (and,
 * as with scripts on, is not shown). A light tokenizer finds the tags (it skips comments,
 * raw-text elements and quoted attribute values); the caller keeps whichever reading fits the
 * plan better, so a page it misreads loses nothing.
 */
export function noscriptAsComments(html) {
  let out = "";
  let last = 0;
  let i = 0;
  const n = html.length;
  const tagName = /<(\/?)([A-Za-z][^\s/>]*)/y;
  while (i < n) {
    const lt = html.indexOf("<", i);
    if (lt < 0) break;
    if (html.startsWith("<!--", lt)) {
      const end = html.indexOf("-->", lt + 4);
      i = end < 0 ? n : end + 3;
      continue;
    }
    tagName.lastIndex = lt;
    const m = tagName.exec(html);
    if (!m) {
      i = lt + 1;
      continue;
    }
    let j = tagName.lastIndex;
    while (j < n && html[j] !== ">") {
      if (html[j++] !== "=") continue;
      while (j < n && /\s/.test(html[j])) j++;
      if (html[j] === '"' || html[j] === "'") {
        const q = html.indexOf(html[j], j + 1);
        j = q < 0 ? n : q + 1;
      }
    }
    const tagEnd = j + 1;
    const name = m[2].toLowerCase();
    if (m[1]) {
      i = tagEnd;
      continue;
    }
    if (name === "plaintext") break;
    if (RAW_TEXT.has(name) || name === "noscript") {
      const close = new RegExp(`</${name}[\\s/>]`, "ig");
      close.lastIndex = tagEnd;
      const c = close.exec(html);
      const contentEnd = c ? c.index : n;
      const content = html.slice(tagEnd, contentEnd);
      if (name === "noscript" && content.trim()) {
        out += `${html.slice(last, tagEnd)}<!-- ${content.replace(/--/g, "- -")} -->`;
        last = contentEnd;
      }
      i = contentEnd;
      continue;
    }
    i = tagEnd;
  }
  return last ? out + html.slice(last) : html;
}

/**
 * Shows a parsed page in `frame`: a shell with the policy, then the page's `<html>` in place of
 * the shell's. The shell has the page's doctype, so the page keeps its rendering mode. Resolves
 * with the frame's document.
 */
export function loadFrame(frame, page, { remoteImages = false } = {}) {
  const doctype = page.doctype ? new XMLSerializer().serializeToString(page.doctype) : "";
  const shell = `${doctype}<html><head><meta http-equiv="Content-Security-Policy" content="${framePolicy(remoteImages)}" data-newslens-csp></head><body></body></html>`;
  return new Promise((resolve) => {
    frame.addEventListener(
      "load",
      () => {
        const doc = frame.contentDocument;
        doc.documentElement.replaceWith(doc.importNode(page.documentElement, true));
        resolve(doc);
      },
      { once: true },
    );
    frame.srcdoc = shell;
  });
}

/**
 * What the playground does in each frame document:
 * - links open in a new tab (with no opener or referrer), never inside the frame: a frame that
 *   navigated would load the linked page from the network, without our policy; `#` links scroll;
 * - a file dropped on the frame is handed to `onDrop` instead of being opened by the browser.
 */
export function prepareFrame(doc, { onDrop }) {
  const onClick = (event) => {
    const a = event.composedPath().find((n) => n.localName === "a" && n.hasAttribute?.("href"));
    if (!a || event.defaultPrevented) return;
    const href = a.getAttribute("href");
    if (href.startsWith("#")) {
      event.preventDefault();
      const id = decodeURIComponent(href.slice(1));
      const target = id ? doc.getElementById(id) ?? doc.getElementsByName(id)[0] : doc.body;
      target?.scrollIntoView({ block: "start" });
      return;
    }
    event.preventDefault();
    let url;
    try {
      url = new URL(a.href);
    } catch {
      return;
    }
    if (url.protocol === "http:" || url.protocol === "https:") {
      window.open(url.href, "_blank", "noopener,noreferrer");
    }
  };
  doc.addEventListener("click", onClick, true);
  doc.addEventListener("auxclick", onClick, true);
  doc.addEventListener("submit", (e) => e.preventDefault(), true);
  doc.addEventListener("dragover", (e) => {
    if ([...(e.dataTransfer?.types ?? [])].includes("Files")) e.preventDefault();
  });
  doc.addEventListener("drop", (e) => {
    if (!e.dataTransfer?.files?.length) return;
    e.preventDefault();
    onDrop(e.dataTransfer.files);
  });
}

const HIGHLIGHT_STYLE = `
:host { all: initial; position: absolute; z-index: 2147483645; pointer-events: none; }
.box { position: absolute; inset: 0; border: 3px solid #e8590c; border-radius: 4px;
       background: rgba(255, 146, 43, 0.18); box-shadow: 0 0 0 9999px rgba(0, 0, 0, 0.08); }
.box.line { border-width: 0; border-top: 3px dashed #e8590c; background: none; border-radius: 0; }
.label { position: absolute; left: 0; bottom: 100%; margin-bottom: 2px; max-width: 90vw;
         font: 600 12px/1.3 system-ui, "PingFang SC", "Microsoft YaHei", sans-serif;
         background: #e8590c; color: #fff; padding: 2px 6px; border-radius: 3px;
         white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.line .label { bottom: auto; top: 2px; }
`;

/** Removes the highlight from a frame document. */
export function clearHighlight(doc) {
  doc?.querySelectorAll("newslens-highlight").forEach((n) => n.remove());
}

function boxOf(el) {
  if (!el) return null;
  const r = el.getBoundingClientRect();
  return r.width || r.height ? r : null;
}

/** The nearest ancestor (or the element itself) that has a box. */
function visibleBox(el) {
  for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
    const r = boxOf(n);
    if (r) return { rect: r, hidden: n !== el };
  }
  return null;
}

/** Where a removed element was: a line at the marker comment that holds its place. */
function markerBox(marker) {
  const sibling = (dir) => {
    for (let n = marker[dir]; n; n = n[dir]) if (n.nodeType === 1 && boxOf(n)) return boxOf(n);
    return null;
  };
  const parent = visibleBox(marker.parentElement)?.rect;
  if (!parent) return null;
  const next = sibling("nextSibling");
  const prev = sibling("previousSibling");
  const y = next ? next.top : prev ? prev.bottom : parent.top;
  return { left: parent.left, top: y - 2, width: parent.width, height: 4 };
}

/**
 * Scrolls a frame to `target` and outlines it: `target` is an element, a Range (a term) or a
 * marker comment (a removed element's place, drawn as a line). `label(hidden)` is the text of
 * the tag (`hidden`: the element has no box, its nearest visible ancestor is shown). Returns
 * false if there is nothing to show.
 */
export function highlight(doc, target, label) {
  clearHighlight(doc);
  if (!doc || !target) return false;
  const win = doc.defaultView;
  let line = false;
  let hidden = false;
  const measure = () => {
    if (target.nodeType === 8) {
      line = true;
      return target.isConnected ? markerBox(target) : null;
    }
    if (target.nodeType === 1) {
      if (!target.isConnected) return null;
      const v = visibleBox(target);
      hidden = v?.hidden ?? false;
      return v?.rect ?? null;
    }
    const r = target.getBoundingClientRect(); // a Range
    return r.width || r.height ? r : null;
  };
  let rect = measure();
  if (!rect) return false;
  win.scrollTo({ top: Math.max(0, rect.top + win.scrollY - win.innerHeight / 3), behavior: "instant" });
  rect = measure();
  const host = doc.createElement("newslens-highlight");
  const shadow = host.attachShadow({ mode: "open" });
  const style = doc.createElement("style");
  style.textContent = HIGHLIGHT_STYLE;
  const box = doc.createElement("div");
  box.className = line ? "box line" : "box";
  const tag = doc.createElement("div");
  tag.className = "label";
  tag.textContent = label(hidden);
  box.append(tag);
  shadow.append(style, box);
  // CSSOM, not a style attribute.
  const pad = line ? 0 : 2;
  host.style.left = `${rect.left + win.scrollX - pad}px`;
  host.style.top = `${rect.top + win.scrollY - pad}px`;
  host.style.width = `${Math.max(rect.width, 8) + 2 * pad}px`;
  host.style.height = `${Math.max(rect.height, line ? 4 : 8) + 2 * pad}px`;
  doc.documentElement.append(host);
  return true;
}

// Pick mode: the reader points at something in the page (or walks to it with the keyboard) and
// removes it. Shared by the extension's content script and the playground's cleaned frame.
//
// Nothing of the page is restyled: the outline and its label are drawn in Newslens's own shadow
// root (the `layer` ui.js gives), placed with CSSOM (`el.style.left = …`), which no Content
// Security Policy forbids. Keys are taken at the window, in the capture phase, before the page's
// own handlers: ↑ (or the wheel up) widens to the parent, ↓ narrows back to the child, ← → and
// Tab / Shift+Tab move between siblings, Enter or a click removes, Esc leaves. A live region
// says what is picked. What Newslens can't pick safely is refused with a message: its own UI,
// an element inside a page's own shadow root or inside a frame. The article's title needs a
// second, deliberate confirmation. A page that rewrites itself may take the picked element
// away: the pick then moves to what is at the same place now, and nothing detached is removed.

/** Elements never picked: the document's frame and Newslens's own. */
const NEVER = new Set(["html", "head", "body", "newslens-ui", "newslens-descriptions"]);

/** `div#id.one.two`, the way the label and the announcement name an element. */
export function describe(el) {
  const classes = (el.getAttribute("class") ?? "")
    .split(/\s+/)
    .filter((c) => c && !c.startsWith("newslens-"))
    .slice(0, 2);
  const id = el.getAttribute("id");
  return `${el.localName}${id ? `#${id}` : ""}${classes.map((c) => `.${c}`).join("")}`;
}

/** The element's size, `320×600`. */
function size(el) {
  const r = el.getBoundingClientRect();
  return `${Math.round(r.width)}×${Math.round(r.height)}`;
}

const hasBox = (el) => {
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0;
};

/**
 * Starts pick mode in `doc`. `layer` is an element of Newslens's shadow root where the outline
 * is drawn; `host` its shadow host (never picked); `t(key, …)` gives strings; `isTitle(el)`
 * says whether removing `el` would take the article's title; `onChoose(el)` removes it (the
 * caller makes the edit); `onLeave(reason)` is called once when pick mode ends ("chosen",
 * "escape", "stopped"). `keyboard: true` starts without a pointer: on the element at the
 * middle of the window (or the article's first block). Returns `{ stop(), current() }`.
 */
export function startPicker(doc, { layer, host, t, isTitle = () => false, onChoose, onLeave = () => {}, keyboard = false }) {
  const win = doc.defaultView;
  // Timers and frames from this script's own global, not the document's window: in the
  // playground the document is a sandboxed frame whose window runs no script.
  const timers = globalThis;
  const make = (tag, cls, props = {}) => {
    const node = doc.createElement(tag);
    node.className = cls;
    for (const [k, v] of Object.entries(props)) node.setAttribute(k, v);
    return node;
  };
  const box = make("div", "pick-box", { "aria-hidden": "true" });
  const label = make("div", "pick-label", { "aria-hidden": "true" });
  const panel = make("div", "panel pick-panel", { role: "dialog", "aria-label": t("pickModeLabel"), tabindex: "-1" });
  const help = make("p", "pick-help");
  help.textContent = t("pickHelp");
  const live = make("p", "pick-live", { "aria-live": "assertive", role: "status" });
  const confirm = make("div", "pick-confirm", { hidden: "" });
  const confirmText = make("p", "pick-confirm-text");
  confirmText.textContent = t("pickTitleConfirm");
  const yes = make("button", "pick-yes", { type: "button" });
  yes.textContent = t("pickTitleRemove");
  const no = make("button", "pick-no", { type: "button" });
  no.textContent = t("pickCancel");
  confirm.append(confirmText, yes, no);
  const leave = make("button", "pick-leave", { type: "button" });
  leave.textContent = t("pickLeave");
  panel.append(help, live, confirm, leave);
  layer.append(box, label, panel);

  let current = null; // the element picked now
  let refused = null; // { el, why }: what the pointer is on and can't be picked
  let narrower = []; // the children widening left, for narrowing back
  let point = null; // the pointer's last position
  let confirming = false;
  let frame = 0;
  let stopped = false;
  const cleanups = [];
  const listen = (target, type, fn, opts) => {
    target.addEventListener(type, fn, opts);
    cleanups.push(() => target.removeEventListener(type, fn, opts));
  };

  /** Newslens's own: its UI, a card standing in for a player, a term's wrapper. */
  const isOurs = (el) => {
    for (let n = el; n; n = n.parentElement) {
      if (n === host || n.localName === "newslens-embed" || n.localName === "newslens-descriptions") return true;
    }
    return false;
  };
  const pickable = (el) => el && el.nodeType === 1 && !NEVER.has(el.localName) && !isOurs(el) && !!doc.body?.contains(el);
  /** A term's wrapper stands for the text around it: its parent is what is picked. */
  const lift = (el) => (el?.classList?.contains("newslens-term") ? el.parentElement : el);

  const say = (text) => {
    // The same words twice are announced twice: the region is emptied first.
    live.textContent = "";
    live.textContent = text;
  };

  function draw() {
    frame = 0;
    if (stopped) return;
    if (current && !current.isConnected) {
      // The page took it away (or rewrote it): what is at the same place now, if anything.
      const again = point ? under(point.x, point.y) : null;
      current = pickable(again) ? again : null;
      if (!current) say(t("pickGone"));
    }
    const el = current ?? refused?.el;
    if (!el || !el.isConnected) {
      box.hidden = true;
      label.hidden = true;
      return;
    }
    const r = el.getBoundingClientRect();
    box.hidden = false;
    label.hidden = false;
    box.classList.toggle("refused", !current);
    box.style.left = `${r.left - 2}px`;
    box.style.top = `${r.top - 2}px`;
    box.style.width = `${r.width + 4}px`;
    box.style.height = `${r.height + 4}px`;
    label.textContent = current ? `${describe(el)}  ${size(el)}` : refused.why;
    const below = r.top < 28;
    label.style.left = `${Math.max(4, Math.min(r.left, win.innerWidth - label.offsetWidth - 4))}px`;
    label.style.top = `${below ? Math.min(win.innerHeight - 24, r.bottom + 4) : r.top - 24}px`;
  }
  const redraw = () => {
    if (!frame) frame = timers.requestAnimationFrame(draw);
  };
  // The page may move or rewrite things under the outline: it follows, a few times a second.
  const ticker = timers.setInterval(() => redraw(), 250);
  cleanups.push(() => timers.clearInterval(ticker));

  function setCurrent(el, { quiet = false, keepNarrower = false } = {}) {
    refused = null;
    current = el;
    if (!keepNarrower) narrower = [];
    draw(); // now, not at the next frame: the label and the announcement agree
    if (el && !quiet) say(t("pickAnnounce", describe(el), size(el).replace("×", " × ")));
  }

  function refuse(el, why) {
    current = null;
    refused = { el, why };
    draw();
    say(why);
  }

  /** The page's element at a point, seen through Newslens's own layer. */
  function under(x, y) {
    const hits = doc.elementsFromPoint(x, y);
    return lift(hits.find((n) => !isOurs(n)) ?? null);
  }

  /** What the pointer is on: an element to pick, or a refusal (shadow root, frame). */
  function fromEvent(e) {
    const target = lift(e.target);
    if (!target || target.nodeType !== 1 || isOurs(target)) return null;
    const inner = e.composedPath?.()[0];
    if (inner && inner !== e.target && inner.nodeType === 1 && !e.target.contains(inner)) {
      return { refuse: t("pickInShadow", describe(target)), el: target };
    }
    if (["iframe", "frame"].includes(target.localName)) return { frame: target };
    return { el: target };
  }

  function onMove(e) {
    if (confirming) return;
    // A move to where the pointer already is (a click's own move) keeps a widened pick.
    if (point && point.x === e.clientX && point.y === e.clientY && (current || refused)) return;
    point = { x: e.clientX, y: e.clientY };
    const hit = fromEvent(e);
    if (!hit) return;
    if (hit.refuse) {
      if (refused?.el !== hit.el) refuse(hit.el, hit.refuse);
      return;
    }
    const el = hit.frame ?? hit.el;
    if (el !== current && pickable(el)) {
      setCurrent(el);
      if (hit.frame) say(t("pickFrame", describe(el)));
    }
  }

  function choose() {
    if (confirming) return;
    if (refused) {
      say(refused.why);
      return;
    }
    refresh();
    if (!current || !current.isConnected) {
      say(t("pickGone"));
      return;
    }
    if (isTitle(current)) {
      confirming = true;
      confirm.hidden = false;
      help.hidden = true;
      no.focus();
      say(t("pickTitleConfirm"));
      return;
    }
    finish(current);
  }

  function finish(el) {
    const chosen = el;
    stop("chosen");
    onChoose(chosen);
  }

  const closeConfirm = () => {
    confirming = false;
    confirm.hidden = true;
    help.hidden = false;
    panel.focus({ preventScroll: true });
  };
  yes.addEventListener("click", (e) => {
    e.stopPropagation();
    if (current?.isConnected) finish(current);
    else {
      closeConfirm();
      say(t("pickGone"));
    }
  });
  no.addEventListener("click", (e) => {
    e.stopPropagation();
    closeConfirm();
    say(t("pickTitleKept"));
  });
  leave.addEventListener("click", (e) => {
    e.stopPropagation();
    stop("escape");
  });

  /** A picked element the page replaced since: what is at the same place now. */
  function refresh() {
    if (current && !current.isConnected && point) {
      const again = under(point.x, point.y);
      if (pickable(again)) setCurrent(again, { quiet: true });
    }
  }

  function widen() {
    refresh();
    if (refused && pickable(refused.el)) {
      // Out of a component's shadow root or a frame: the component or frame itself.
      setCurrent(refused.el);
      return;
    }
    const from = current;
    if (!from) return;
    const parent = from.parentElement;
    if (!pickable(parent)) {
      say(t("pickWidest"));
      return;
    }
    narrower.push(current);
    setCurrent(parent, { keepNarrower: true });
  }

  function narrow() {
    refresh();
    if (!current) return;
    const back = narrower.pop();
    if (back && back.parentElement === current) {
      setCurrent(back, { keepNarrower: true });
      return;
    }
    narrower = [];
    const child = [...current.children].find((c) => pickable(c) && hasBox(c));
    if (child) setCurrent(child);
    else say(t("pickNarrowest"));
  }

  function sibling(step) {
    refresh();
    if (!current) return;
    let n = current;
    do n = step > 0 ? n.nextElementSibling : n.previousElementSibling;
    while (n && !(pickable(n) && hasBox(n)));
    if (n) {
      setCurrent(n);
      n.scrollIntoView?.({ block: "nearest" });
    } else say(t(step > 0 ? "pickLastSibling" : "pickFirstSibling"));
  }

  function onKey(e) {
    if (confirming) {
      if (e.key === "Escape") {
        e.preventDefault();
        e.stopImmediatePropagation();
        closeConfirm();
        say(t("pickTitleKept"));
      }
      // Tab and Enter work the two buttons of the confirmation.
      return;
    }
    const keys = {
      ArrowUp: widen,
      ArrowDown: narrow,
      ArrowLeft: () => sibling(-1),
      ArrowRight: () => sibling(1),
      Tab: () => sibling(e.shiftKey ? -1 : 1),
      Enter: choose,
      " ": choose,
      Escape: () => stop("escape"),
    };
    const action = keys[e.key];
    if (!action) return;
    // A button of the panel (Leave) keeps its own Enter and Space.
    if ((e.key === "Enter" || e.key === " ") && e.composedPath?.()[0] === leave) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    if (!current && !refused && e.key !== "Escape") startFromKeyboard();
    else action();
  }

  function onWheel(e) {
    if (confirming || !(current || refused) || isOurs(e.target)) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    if (e.deltaY < 0) widen();
    else if (e.deltaY > 0) narrow();
  }

  /** Stops the page from seeing presses and clicks meant for the picker (a link would follow). */
  function swallow(e) {
    if (isOurs(e.target)) return;
    e.preventDefault();
    e.stopImmediatePropagation();
  }

  function onClick(e) {
    if (isOurs(e.target)) return;
    swallow(e);
    if (confirming) return;
    const hit = fromEvent(e);
    if (hit?.refuse) {
      refuse(hit.el, hit.refuse);
      return;
    }
    // A click removes what is outlined: the element under the pointer, or what the wheel or
    // the keys widened it to.
    const el = hit?.frame ?? hit?.el;
    if (pickable(el) && !(current?.isConnected && current.contains(el))) setCurrent(el, { quiet: true });
    choose();
  }

  // A click inside a frame goes to the frame's document, not to this one: the window loses the
  // focus to the frame. That pick is refused, with a message, and nothing is removed.
  function onBlur() {
    timers.setTimeout(() => {
      const active = doc.activeElement;
      if (stopped || !active || !["iframe", "frame"].includes(active.localName)) return;
      refuse(active, t("pickInFrame", describe(active)));
    }, 0);
  }

  function startFromKeyboard() {
    const middle = under(win.innerWidth / 2, win.innerHeight / 2);
    let el = pickable(middle) ? middle : null;
    if (!el) {
      const block = doc.querySelector("article p, main p, [role=main] p, p, article, main") ?? doc.body?.firstElementChild;
      el = pickable(block) ? block : null;
    }
    if (el) {
      el.scrollIntoView?.({ block: "nearest" });
      setCurrent(el);
    } else say(t("pickNothing"));
  }

  function stop(reason = "stopped") {
    if (stopped) return;
    stopped = true;
    for (const c of cleanups) c();
    if (frame) timers.cancelAnimationFrame(frame);
    box.remove();
    label.remove();
    panel.remove();
    onLeave(reason);
  }

  listen(win, "pointermove", onMove, true);
  listen(win, "keydown", onKey, true);
  listen(win, "wheel", onWheel, { capture: true, passive: false });
  for (const type of ["pointerdown", "mousedown", "pointerup", "mouseup", "auxclick", "dblclick", "contextmenu"]) {
    listen(win, type, swallow, true);
  }
  listen(win, "click", onClick, true);
  listen(win, "blur", onBlur);
  listen(win, "scroll", redraw, { capture: true, passive: true });
  listen(win, "resize", redraw);
  // Tab does not take the focus away: the panel keeps it, and keys reach the window first.
  panel.focus({ preventScroll: true });
  say(t("pickStarted"));
  if (keyboard) startFromKeyboard();

  return { stop, current: () => current, refused: () => refused };
}

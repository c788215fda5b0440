// End-to-end test of the playground (dist/www, built by `make www`) in headless Chromium
// (/usr/bin/chromium, driven by playwright-core).
//
//     make www && node tests/e2e/www-chromium.mjs
//
// Serves dist/www with scripts/serve.py (the real server, on a free port) and runs a logging
// proxy on 127.0.0.1 that is the browser's proxy for everything not on 127.0.0.1: whatever
// tries to leave the machine is recorded there (and refused), from any context, workers
// included. Then:
//  1. the Chinese sample (zh-chips.html, GBK) through the file input: the report lists the
//     syndication footer's removal, the Bilibili player's replacement, the four outline entries
//     and the in-text definition of 算力; it was read as GBK; nothing was skipped;
//  2. the frames: the page's own scripts did not run in either; the cleaned frame has no footer
//     and a card, whose play button (a real click) brings the player back; a term shows its
//     tooltip on hover (a timer in the sandboxed frame) and on focus; the outline panel scrolls
//     the frame; an edit picked in the report (with the keyboard) is highlighted in both frames;
//  3. the downloads (cleaned HTML, report JSON); no request left 127.0.0.1 (proxy log, and
//     Playwright's request events: any other host must have been refused by the frames'
//     policy), not even for an image added to a frame after it loaded or the played embed; then
//     "load remote images" makes the sample's remote images reach the proxy: the check can see;
//  4. the Chinese UI (switch), a phone-sized viewport (no sideways scrolling, frame switch);
//     options (the reader's glossary, a site rule, outline off, a glossary that is not JSON);
//     pick mode in the cleaned frame (pickChecks: by pointer, label, wheel, click; the rule
//     "Always on this site" shows, checked on a fresh parse and by the engine; Undo all exact;
//     then by keyboard only); the engine in its worker (the tab's timer runs while the engine
//     reads a page of 2 to 8 MB, checkWorker: no time limit asserted); a hostile
//     page, pasted (real clicks on its handler, javascript: link, form, ping link): nothing
//     runs, navigates or loads;
//  5. bad input: a PNG through the file input, an empty paste, a 50 MB file dropped on the page:
//     a clear message each (the 50 MB file refused before it is read).
// Screenshot: target/e2e/www.png. Exit code 1 on any failure.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { CHROMIUM, chromiumArgs } from "./browsers.mjs";
import { checker, editCount, finish, firstDifference, sleep, startSite, waitFor } from "./helpers.mjs";
import { ROOT, hostOf, startProxy } from "./server.mjs";
import { PICK_PAGES } from "./pages/pick.mjs";

export const SAMPLE = path.join(ROOT, "data/samples/zh-chips.html");
export const SHOT_DIR = path.join(ROOT, "target/e2e");

/** What the report must show for zh-chips.html. */
export const EXPECT = {
  outline: ["管制门槛一降再降", "国产芯片加速“补位”", "大模型企业“精打细算”", "长期博弈仍在继续"],
  footerRule: "footer.syndication",
  footerText: "获取更多RSS",
  embedRule: "embed.bilibili",
  term: "算力",
  definition: "计算机系统处理数据、完成运算的能力",
  remoteImageHost: "pixel.example-analytics.com",
};

/** A PNG (1×1), for the not-HTML check. */
export const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5e2a4d00000000049454e44ae426082",
  "hex",
);

/**
 * A page that tries everything: scripts, handlers, a `javascript:` link, a refresh, a form, a
 * base, frames, objects, media, hints, styles, fonts, images of every kind, a ping. Every
 * address is on hosts ending in `.hostile.example`, so the proxy log names the culprit.
 */
export const HOSTILE = `<!DOCTYPE html>
<html><head><title>hostile</title>
<meta http-equiv="refresh" content="0;url=https://refresh.hostile.example/">
<base href="https://base.hostile.example/">
<link rel="stylesheet" href="https://css.hostile.example/a.css">
<link rel="preconnect" href="https://preconnect.hostile.example">
<link rel="dns-prefetch" href="https://dns.hostile.example">
<link rel="prefetch" href="https://prefetch.hostile.example/x">
<link rel="preload" as="image" href="https://preload.hostile.example/x.png">
<noscript><img src="https://noscript-head.hostile.example/p.gif"></noscript>
<script>window.hostileRan = 1; document.title = "script ran";</script>
<script src="https://script.hostile.example/x.js"></script>
<style>@import url(https://import.hostile.example/b.css); @font-face { font-family: h; src: url(https://font.hostile.example/f.woff); } body { font-family: h; background: url(https://cssbg.hostile.example/bg.png); }</style>
</head><body>
<h1>Hostile page</h1>
<p id="handler" onclick="document.title = 'handler ran'">Click me: an inline handler.</p>
<p><a id="jslink" href="javascript:document.title='link ran'">A javascript: link</a></p>
<form action="https://form.hostile.example/submit" method="post"><button id="submit">Send</button></form>
<p><a id="ping" href="#top" ping="https://ping.hostile.example/">A link with a ping</a></p>
<iframe src="https://frame.hostile.example/"></iframe>
<object data="https://object.hostile.example/x.swf"></object><embed src="https://embed.hostile.example/x">
<video src="https://video.hostile.example/v.mp4" poster="https://poster.hostile.example/p.png" autoplay muted></video>
<audio src="https://audio.hostile.example/a.mp3" autoplay></audio>
<picture><source srcset="https://source.hostile.example/x.webp"><img src="https://img.hostile.example/x.png" srcset="https://srcset.hostile.example/x.png 2x"></picture>
<input type="image" src="https://inputimg.hostile.example/x.png" alt="">
<svg><image href="https://svgimage.hostile.example/x.png"/></svg>
<div style="background: url(https://inlinebg.hostile.example/x.png)">Inline style.</div>
<img src="x" onerror="document.title = 'onerror ran'">
</body></html>`;

/** JS run in the playground: what the hostile page managed, in each frame. */
export const HOSTILE_FACTS = `
  return ["frame-original", "frame-cleaned"].map((id) => {
    const f = document.getElementById(id);
    return { url: f.contentDocument.URL, title: f.contentDocument.title, ran: f.contentWindow.hostileRan ?? null };
  });
`;

/**
 * Run in the playground: drops a page of about `mb` MB and, with a timer every 4 ms (the
 * browsers' shortest for a repeating timer), records when the tab's thread ran. Before the drop, 20 ticks give the timer's period here and now (`period`,
 * the median interval: a loaded machine stretches it). The worker says when the engine worked
 * (`data-from`/`data-to` on the report's time, ms since the epoch, comparable across threads).
 * `inside` counts the ticks strictly within that work, a period clear of either end (the two
 * threads' clocks need not agree to the millisecond): an engine on the tab's thread would leave
 * none there. `maxGap`: the tab's longest wait meanwhile, for the record. Resolves
 * `{ engineMs, period, inside, maxGap }`.
 */
export async function workerProbe(mb) {
  const name = `big-ok-${mb}.html`;
  const para = `<p>${"央行维持利率不变，通胀放缓。".repeat(40)}</p>\n`;
  const html = `<!doctype html><html><head><title>big</title></head><body><article><h1>Big</h1>${para.repeat(Math.ceil((mb << 20) / new TextEncoder().encode(para).length))}</article></body></html>`;
  const dt = new DataTransfer();
  dt.items.add(new File([html], name, { type: "text/html" }));
  const now = () => performance.timeOrigin + performance.now();
  const ticks = [now()];
  const timer = setInterval(() => ticks.push(now()), 4);
  while (ticks.length < 21) await new Promise((r) => setTimeout(r, 4));
  const gaps = ticks.slice(1).map((t, i) => t - ticks[i]).sort((a, b) => a - b);
  const period = gaps[gaps.length >> 1];
  window.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
  const t0 = performance.now();
  while (!document.getElementById("status").textContent.startsWith(`Cleaned “${name}”`)) {
    if (performance.now() - t0 > 60000) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  clearInterval(timer);
  const time = document.querySelector('#summary dd[data-field="time"]');
  const from = Number(time?.dataset.from);
  const to = Number(time?.dataset.to);
  let maxGap = 0;
  for (let i = 1; i < ticks.length; i++) {
    if (ticks[i] < from || ticks[i - 1] > to) continue; // this wait did not overlap the engine's work
    maxGap = Math.max(maxGap, ticks[i] - ticks[i - 1]);
  }
  const inside = ticks.filter((t) => t > from + period && t < to - period).length;
  return { engineMs: to - from || 0, period, inside, maxGap };
}

/**
 * The engine works in its worker: runs `probe(mb)` (workerProbe, in the browser) on bigger pages
 * until the engine's work spans at least 20 of the tab's timer periods (the playground takes
 * up to 10 MB), then checks that the tab's timer ran several times meanwhile. No time limit is
 * asserted: only what happened on the tab's thread while the worker was at work.
 */
export async function checkWorker(check, probe) {
  let busy = null;
  for (const mb of [2, 4, 8]) {
    busy = await probe(mb);
    busy.mb = mb;
    if (busy.engineMs >= 20 * busy.period) break;
  }
  const periods = busy.engineMs / busy.period;
  check(
    periods >= 20,
    `worker: the probe page (${busy.mb} MB) kept the engine at work for ${periods.toFixed(0)} of the tab's timer periods (${busy.engineMs.toFixed(0)} ms, period ${busy.period.toFixed(1)} ms)`,
  );
  check(
    busy.inside >= 3,
    `worker: the tab's timer ran ${busy.inside} times while the engine worked (longest wait ${busy.maxGap.toFixed(0)} ms)`,
  );
}

/**
 * Pick mode in the cleaned frame: the pick runners' article (tests/e2e/pages/pick.mjs), pasted,
 * with a page address in the options (rules are made for its host, without `www.`). The engine
 * keeps its event badge (a `<figure>` holding only an image): the image is pointed at, then
 * widened to the figure; the engine's guard of the article's text does not refuse a rule for it.
 */
export const PICK = {
  html: PICK_PAGES["/pick/article/"].html(),
  url: "https://www.riverside-post.example/2026/03/park.html",
  host: "riverside-post.example",
  target: "figure.event-badge",
  point: "img.event-logo",
  pointLabel: /^img\.event-logo\s+\d+×\d+$/,
  targetLabel: /^figure\.event-badge\s+\d+×\d+$/,
};

/** Run in the playground: what the cleaned frame's UI shows (pick mode, the status bar's rows). */
export function pickState(target) {
  const frame = (id) => document.getElementById(id).contentDocument;
  const doc = frame("frame-cleaned");
  const root = doc.querySelector("newslens-ui")?.shadowRoot;
  if (!root) return null;
  const label = root.querySelector(".pick-label");
  return {
    picking: !!root.querySelector(".pick-panel"),
    label: label && !label.hidden ? label.textContent : null,
    live: root.querySelector(".pick-live")?.textContent ?? null,
    confirm: !!root.querySelector(".pick-confirm:not([hidden])"),
    notice: root.querySelector(".notice:not([hidden])")?.textContent ?? null,
    // The focus: in the frame (its UI), and in the UI's shadow root.
    frameFocused: document.activeElement?.id === "frame-cleaned" && doc.activeElement?.localName === "newslens-ui",
    uiFocus: root.activeElement ? `${root.activeElement.localName}.${root.activeElement.className}` : null,
    rows: [...root.querySelectorAll(".edits li")].map((li) => ({
      rule: li.dataset.rule,
      reason: li.querySelector(".reason")?.textContent ?? "",
      restored: li.classList.contains("restored"),
      always: !!li.querySelector("button.remember-always"),
      ruleText: li.querySelector("input.rule-text")?.value ?? null,
    })),
    listShown: !root.querySelector(".edits").hidden,
    target: ["frame-original", "frame-cleaned"].map((id) => frame(id).querySelectorAll(target).length),
    cleanAgain: !document.getElementById("clean-again").hidden,
  };
}

/** Run in the playground: both frames' documents as HTML (original, cleaned). */
export function frameHtml() {
  return ["frame-original", "frame-cleaned"].map((id) => document.getElementById(id).contentDocument.documentElement.outerHTML);
}

/**
 * Run in the playground: the viewport point (of the playground's window, where real pointer
 * input goes) of `selector` in the cleaned frame, scrolled into view; `dx` into it from its left
 * (else its middle). In the frame's document, or in its Newslens UI (`ui: true`).
 */
export function framePoint(selector, { dx = null, ui = false } = {}) {
  const frame = document.getElementById("frame-cleaned");
  const doc = frame.contentDocument;
  const el = (ui ? doc.querySelector("newslens-ui")?.shadowRoot : doc)?.querySelector(selector);
  if (!el) return null;
  if (!ui) el.scrollIntoView({ block: "center" });
  const f = frame.getBoundingClientRect();
  const r = el.getBoundingClientRect();
  return {
    x: Math.round(f.left + frame.clientLeft + r.left + (dx ?? r.width / 2)),
    y: Math.round(f.top + frame.clientTop + r.top + r.height / 2),
  };
}

/**
 * Run in the playground: what the rule's `selector` matches in a fresh parse of `source` (the
 * page's HTML, as the engine reads it on the next clean) and in the original frame: how many,
 * and whether that one is the element `expected` names there.
 */
export function selectorFacts(selector, source, expected) {
  const fresh = new DOMParser().parseFromString(source, "text/html");
  const original = document.getElementById("frame-original").contentDocument;
  return [fresh, original].map((doc) => {
    const want = doc.querySelector(expected);
    try {
      const found = [...doc.querySelectorAll(selector)];
      return { count: found.length, exact: !!want && found.length === 1 && found[0] === want };
    } catch (e) {
      return { count: -1, exact: false, error: String(e.message) };
    }
  });
}

/** Run in the playground: remembers every element of the cleaned frame's page (for `removedSince`). */
export function markElements() {
  window.__pickElements = [...document.getElementById("frame-cleaned").contentDocument.body.querySelectorAll("*")];
  return window.__pickElements.length;
}

/**
 * Run in the playground: the elements remembered by `markElements` that have left the page
 * since, at the top of what left (named as pick mode's label names them: `tag#id.class.class`).
 */
export function removedSince() {
  return (window.__pickElements ?? [])
    .filter((el) => !el.isConnected && !el.parentElement)
    .map((el) => {
      const classes = (el.getAttribute("class") ?? "").split(/\s+/).filter((c) => c && !c.startsWith("newslens-")).slice(0, 2);
      const id = el.getAttribute("id");
      return `${el.localName}${id ? `#${id}` : ""}${classes.map((c) => `.${c}`).join("")}`;
    });
}

/** JS run in the playground: facts about both frames (for both browsers' tests). */
export const FRAME_FACTS = `
  const o = document.getElementById("frame-original");
  const c = document.getElementById("frame-cleaned");
  const od = o.contentDocument, cd = c.contentDocument;
  const ui = cd.querySelector("newslens-ui")?.shadowRoot;
  const card = cd.querySelector("newslens-embed");
  return {
    sandbox: [o.getAttribute("sandbox"), c.getAttribute("sandbox")],
    url: [od.URL, cd.URL],
    scriptsRan: [o.contentWindow.__xz_pv !== undefined, c.contentWindow.__xz_pv !== undefined,
                 o.contentWindow.dataLayer !== undefined, c.contentWindow.dataLayer !== undefined],
    cspMetaLeft: od.querySelectorAll("meta[data-newslens-csp]").length + cd.querySelectorAll("meta[data-newslens-csp]").length,
    footerInOriginal: od.body.textContent.includes(${JSON.stringify(EXPECT.footerText)}),
    footerInCleaned: cd.body.textContent.includes(${JSON.stringify(EXPECT.footerText)}),
    bilibiliInCleaned: cd.querySelectorAll('iframe[data-newslens-src*="bilibili"]').length,
    remoteFrameSrc: [...od.querySelectorAll("iframe[src], frame[src]"), ...cd.querySelectorAll("iframe[src], frame[src]")].length,
    card: !!card && !!card.shadowRoot?.querySelector("button"),
    terms: cd.querySelectorAll("span.newslens-term").length,
    outlineButtons: ui ? ui.querySelectorAll("nav.outline li button").length : 0,
    barText: ui?.querySelector(".bar-head")?.textContent ?? "",
    mode: [od.compatMode, cd.compatMode],
  };
`;

/** Checks FRAME_FACTS (`f`) just after the sample is shown: both frames as they must be. */
export function checkFrames(check, f) {
  check(f.sandbox.every((s) => s === "allow-same-origin"), "frames: sandbox=allow-same-origin (no allow-scripts)");
  check(f.url.every((u) => u === "about:srcdoc"), "frames: srcdoc documents");
  check(!f.scriptsRan.some(Boolean), "frames: the page's scripts did not run in either frame");
  check(f.cspMetaLeft === 0, "frames: the shell's policy <meta> left with the shell");
  check(f.mode.every((m) => m === "CSS1Compat"), "frames: standards mode kept");
  check(f.footerInOriginal && !f.footerInCleaned, "frames: footer in the original, gone from the cleaned page");
  check(f.card && f.bilibiliInCleaned === 0, "frames: a card instead of the Bilibili player");
  check(f.remoteFrameSrc === 0, "frames: no nested frame has an address to load");
  check(f.outlineButtons === 4, `frames: outline panel with ${f.outlineButtons} entries`);
  check(f.terms > 0, `frames: ${f.terms} terms marked`);
}

/**
 * Pick mode in the cleaned frame, with real input (Chromium): by pointer, then by keyboard only.
 * The options panel is closed before and after.
 */
async function pickChecks(page, check) {
  const cleaned = page.frameLocator("#frame-cleaned");
  // The in-page functions above, with their arguments.
  const call = (fn, ...args) => page.evaluate(`(${fn})(...${JSON.stringify(args)})`);
  const state = () => call(pickState, PICK.target);
  /** The UI's state once `ok(state)`, or as it is after 5 s. */
  const until = async (what, ok) => {
    let last = null;
    await waitFor(async () => ok((last = await state())), { timeout: 5000, what }).catch(() => null);
    return last;
  };
  const shown = async () => {
    await page.waitForFunction(() => document.getElementById("status").textContent.startsWith("Cleaned the pasted HTML") && !document.body.dataset.phase);
  };
  const before = JSON.stringify(await page.evaluate(() => ({ ...localStorage })));
  await page.click("#options summary");
  await page.fill("#url", PICK.url);
  await page.click("#options summary");
  await page.fill("#paste", PICK.html);
  await page.click("#clean-paste");
  await shown();
  let s = await state();
  check(s?.target[0] === 1 && s.target[1] === 1 && !s.picking, `pick: the pasted article is cleaned, its ${PICK.target} kept (${JSON.stringify(s?.target)})`);
  const [original] = await page.evaluate(frameHtml);

  // By pointer: the button, the badge's image (labelled), the wheel widens to the figure, a
  // click removes it.
  const at = await call(framePoint, PICK.point, { dx: 10 });
  await cleaned.locator("newslens-ui button.pick-start").click();
  s = await state();
  check(s.picking && /^Pick mode/.test(s.live ?? ""), `pick: "Remove something…" starts pick mode ("${s.live}")`);
  await page.mouse.move(at.x, at.y);
  s = await until("the label of the image", (x) => PICK.pointLabel.test(x.label ?? ""));
  check(PICK.pointLabel.test(s?.label ?? ""), `pick: pointing at the badge's image, the label names it ("${s?.label}")`);
  await page.mouse.wheel(0, -120);
  s = await until("the label of the figure", (x) => PICK.targetLabel.test(x.label ?? ""));
  check(PICK.targetLabel.test(s?.label ?? ""), `pick: the wheel widens to the figure ("${s?.label}")`);
  await page.mouse.click(at.x, at.y);
  s = await state();
  check(s.target[1] === 0 && s.target[0] === 1 && !s.picking, `pick: a click removes the figure from the cleaned frame, pick mode ends (${JSON.stringify(s.target)})`);
  const row = s.rows.find((r) => r.rule === "user.pick");
  check(s.listShown && row && /you removed it/.test(row.reason) && row.always, `pick: listed in Details with rule user.pick, "you removed it", Always on this site (${JSON.stringify(row)})`);

  // "Always on this site": the rule to copy, for the page address's host; it matches exactly the
  // figure in the page as it loads. Nothing is stored.
  await cleaned.locator("newslens-ui button.remember-always").click();
  s = await state();
  const line = s.rows.find((r) => r.rule === "user.pick")?.ruleText ?? "";
  const selector = line.startsWith(`${PICK.host}##`) ? line.slice(PICK.host.length + 2) : null;
  check(!!selector, `pick: Always on this site shows the rule "${line}" (${PICK.host}##…)`);
  check(/^Copy this rule/.test(s.notice ?? "") && /^input\.rule-text/.test(s.uiFocus ?? ""), `pick: it says to copy it, the focus on the rule ("${s.notice}")`);
  const match = await call(selectorFacts, selector ?? "", PICK.html, PICK.target);
  check(match[0].exact, `pick: the selector matches exactly the figure in a fresh parse of the page (${JSON.stringify(match[0])})`);
  check(match[1].exact, `pick: and in the original frame (${JSON.stringify(match[1])})`);
  check(JSON.stringify(await page.evaluate(() => ({ ...localStorage }))) === before, "pick: nothing stored");

  // Undo all: the cleaned frame's document is the original's again, exactly.
  await cleaned.locator("newslens-ui section.bar .bar-head button:last-child").click();
  let [orig, now] = await page.evaluate(frameHtml);
  check(orig === original, "pick: the original frame is untouched");
  if (now !== orig) {
    const d = firstDifference(now, orig);
    check(false, `pick: Undo all restores the cleaned frame exactly (at ${d.at}: ${JSON.stringify(d.a)} vs ${JSON.stringify(d.b)})`);
  } else check(true, "pick: Undo all restores the cleaned frame's document exactly (picked and planned edits)");

  // The rule, copied into the options, is the engine's: the next clean removes the figure.
  await page.click("#options summary");
  await page.fill("#rules", line);
  await page.click("#apply-options");
  await page.waitForFunction(() => document.querySelector('#edits li[data-rule="user"]') && !document.body.dataset.phase, null, { timeout: 10000 }).catch(() => null);
  s = await state();
  const ruled = s.rows.filter((r) => r.rule === "user");
  check(ruled.length === 1 && s.target[1] === 0 && s.target[0] === 1, `pick: the rule copied into the options removes the figure on the next clean (${JSON.stringify(ruled)})`);
  await page.fill("#rules", "");
  await page.click("#apply-options");
  await page.waitForFunction(() => !document.querySelector('#edits li[data-rule="user"]') && !document.body.dataset.phase, null, { timeout: 10000 }).catch(() => null);
  await page.click("#options summary");

  // By keyboard only: the button focused, Enter starts on the element in the middle of the
  // frame, ↑ widens, ↓ narrows back, Enter removes what is picked.
  s = await state();
  check(s.target[1] === 1 && !s.rows.some((r) => r.rule === "user"), "pick (keyboard): the page cleaned again without the rule");
  [orig] = await page.evaluate(frameHtml);
  await page.evaluate(markElements);
  await cleaned.locator("newslens-ui button.pick-start").focus();
  await page.keyboard.press("Enter");
  s = await state();
  const first = s.label;
  check(s.picking && !!first && /^Picked \S+, \d+ × \d+ pixels/.test(s.live ?? "") && s.frameFocused, `pick (keyboard): Enter on the button starts on an element, announced, the focus in pick mode ("${s.live}")`);
  await page.keyboard.press("ArrowUp");
  const wider = (await state()).label;
  check(!!wider && wider !== first, `pick (keyboard): ↑ widens ("${first}" → "${wider}")`);
  await page.keyboard.press("ArrowDown");
  check((await state()).label === first, "pick (keyboard): ↓ narrows back to the same element");
  await page.keyboard.press("Enter");
  s = await state();
  const gone = await page.evaluate(removedSince);
  check(
    !s.picking && gone.length === 1 && first.startsWith(`${gone[0]}  `),
    `pick (keyboard): Enter removes the element picked, and only it (${JSON.stringify(gone)}, label "${first}")`,
  );
  check(s.rows.filter((r) => r.rule === "user.pick").length === 1 && s.uiFocus === "button.remember-always", `pick (keyboard): listed, the focus on Always on this site (${s.uiFocus})`);
  await page.keyboard.press("Enter");
  s = await state();
  const keyLine = s.rows.find((r) => r.rule === "user.pick")?.ruleText ?? "";
  check(keyLine.startsWith(`${PICK.host}##`), `pick (keyboard): Enter on it shows the rule ("${keyLine}")`);
  await cleaned.locator("newslens-ui section.bar .bar-head button:last-child").click();
  [, now] = await page.evaluate(frameHtml);
  check(now === orig, "pick (keyboard): Undo all restores the cleaned frame's document exactly");

  // A rule that would select more than the picked element as the page loads is refused, not
  // shown: the article's correction note is a p.note, and so is the footer's (which the clean
  // removed), so `##.note` would match two.
  // A window tall enough for the whole cleaned article above the status bar (the note is its
  // last paragraph, and a frame's page can't scroll further than its end).
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: 1600, height: 1600 });
  await page.click("#clean-paste");
  await shown();
  await cleaned.locator("newslens-ui button.pick-start").waitFor();
  const note = await call(framePoint, "article p.note", { dx: 10 });
  check(!!note, "pick: the article's note is there after a clean");
  await cleaned.locator("newslens-ui button.pick-start").click();
  await page.mouse.move(note.x, note.y);
  s = await until("the label of the note", (x) => /^p\.note\s/.test(x.label ?? ""));
  await page.mouse.click(note.x, note.y);
  s = await state();
  check(s.rows.some((r) => r.rule === "user.pick" && r.always), `pick: the note is removed, with Always on this site (${s.label}, ${JSON.stringify(s.rows.filter((r) => r.rule === "user.pick"))})`);
  await cleaned.locator("newslens-ui button.remember-always").click({ timeout: 5000 });
  s = await state();
  const noteRow = s.rows.find((r) => r.rule === "user.pick");
  check(
    /^The rule was not saved: as the page loads, this rule would match 2 elements/.test(s.notice ?? "") && !noteRow?.ruleText,
    `pick: a rule matching two elements as the page loads is refused, not shown ("${s.notice}", ${JSON.stringify(noteRow)})`,
  );
  await cleaned.locator("newslens-ui section.bar .bar-head button:last-child").click();
  await page.setViewportSize(viewport);
  await page.click("#options summary");
  await page.fill("#url", "");
  await page.click("#options summary");
}

async function main() {
  const { chromium } = await import("playwright-core");
  const { failures, check } = checker();
  const started = Date.now();
  const site = await startSite();
  const proxy = await startProxy();
  console.log(`www chromium: ${site.origin}, proxy 127.0.0.1:${proxy.port}`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: chromiumArgs({ proxyPort: proxy.port }),
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: "en-US" });
  // Every request any page or worker of the context makes, and why it failed (if it did).
  const requests = [];
  context.on("request", (r) => requests.push(r));
  const errors = [];
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    // The frames' blocked loads and scripts are expected: they are the point.
    if (m.type() === "error" && !/Content Security Policy|sandboxed|Failed to load resource/.test(m.text())) {
      errors.push(m.text());
    }
  });
  const cleaned = page.frameLocator("#frame-cleaned");
  const facts = () => page.evaluate(new Function(FRAME_FACTS));
  try {
    await page.goto(`${site.origin}/`);
    await page.waitForSelector("body[data-ready]");
    check((await page.getAttribute("html", "lang")) === "en", "the UI starts in English (locale en-US)");

    // 1. The Chinese sample through the file input.
    await page.setInputFiles("#file", SAMPLE);
    await page.waitForSelector("#edits li", { timeout: 15000 });
    const footer = page.locator(`#edits li[data-kind="remove"][data-rule="${EXPECT.footerRule}"]`);
    check((await footer.count()) >= 1, `report: footer removal (${EXPECT.footerRule})`);
    check(
      (await footer.allTextContents()).some((s) => s.includes(EXPECT.footerText)),
      `report: the removed footer's text (${EXPECT.footerText})`,
    );
    check(
      (await page.locator(`#edits li[data-kind="replaceEmbed"][data-rule="${EXPECT.embedRule}"]`).count()) === 1,
      `report: embed replacement (${EXPECT.embedRule})`,
    );
    const outline = await page.locator("#outline li[data-section] .label").allTextContents();
    check(JSON.stringify(outline) === JSON.stringify(EXPECT.outline), `report: outline ${JSON.stringify(outline)}`);
    const term = page.locator(`#terms li[data-source="page"][data-term="${EXPECT.term}"]`);
    check(
      (await term.count()) === 1 && (await term.locator(".definition").textContent()).includes(EXPECT.definition),
      `report: in-text definition of ${EXPECT.term} (source "page")`,
    );
    check((await term.locator(".source").textContent()) === "Defined in this article", "report: the term's source, in words");
    const field = (name) => page.textContent(`#summary dd[data-field="${name}"]`);
    check((await field("encoding")) === "gbk", `report: read as ${await field("encoding")}`);
    check((await field("language")).includes("zh-CN"), `report: language ${await field("language")}`);
    check(/^\d+%$/.test(await field("confidence")), `report: confidence ${await field("confidence")}`);
    check(/^\d+ min$/.test(await field("reading")), `report: reading time ${await field("reading")}`);
    check(/^\d+(\.\d)? ms/.test(await field("time")), `report: time taken ${await field("time")}`);
    check(/ 0 skipped$/.test(await field("applied")), `report: ${await field("applied")}`);

    // 2. The frames.
    let f = await facts();
    checkFrames(check, f);

    // Tooltip on hover: ui.js waits 350 ms on a timer of the frame's window.
    const span = cleaned.locator("span.newslens-term", { hasText: EXPECT.term }).first();
    await span.scrollIntoViewIfNeeded();
    await span.hover();
    const tooltip = cleaned.locator("newslens-ui .tooltip");
    const tipShown = await waitFor(async () => (await tooltip.isVisible()) && tooltip.textContent(), {
      timeout: 3000,
      what: "tooltip",
    }).catch(() => null);
    check(tipShown && tipShown.includes(EXPECT.definition), "frames: tooltip with the definition on hover");
    await page.mouse.move(5, 5);
    const tipHidden = await waitFor(async () => !(await tooltip.isVisible()), { timeout: 3000, what: "tooltip hides" }).catch(() => false);
    check(tipHidden, "frames: tooltip hides when the pointer leaves");
    await span.focus();
    check(await tooltip.isVisible(), "frames: tooltip on keyboard focus");
    await page.keyboard.press("Escape");
    check(!(await tooltip.isVisible()), "frames: Esc dismisses the tooltip");

    // Outline panel: a click scrolls the frame to the section.
    const yBefore = await page.evaluate(() => document.getElementById("frame-cleaned").contentWindow.scrollY);
    await cleaned.locator("newslens-ui nav.outline li button").nth(3).click();
    const scrolled = await waitFor(
      async () => Math.abs((await page.evaluate(() => document.getElementById("frame-cleaned").contentWindow.scrollY)) - yBefore) > 200,
      { timeout: 3000, what: "outline scroll" },
    ).catch(() => false);
    check(scrolled, "frames: the outline panel scrolls the cleaned frame");

    // An edit picked with the keyboard is highlighted in both frames.
    const embedRow = page.locator(`#edits li[data-kind="replaceEmbed"] button`);
    await embedRow.focus();
    await page.keyboard.press("Enter");
    const marks = await page.evaluate(() =>
      ["frame-original", "frame-cleaned"].map((id) => document.getElementById(id).contentDocument.querySelectorAll("newslens-highlight").length),
    );
    check(marks[0] === 1 && marks[1] === 1, `report: Enter on an edit highlights it in both frames (${marks})`);
    await page.locator(`#edits li[data-rule="${EXPECT.footerRule}"] button`).last().click();
    const line = await page.evaluate(() => {
      const h = document.getElementById("frame-cleaned").contentDocument.querySelector("newslens-highlight");
      return h?.shadowRoot.querySelector(".box.line .label")?.textContent ?? null;
    });
    check(line !== null && line.includes("syndication"), "report: a removed element's place is marked in the cleaned frame");
    await embedRow.click();
    await page.evaluate(() => {
      window.scrollTo(0, 0);
      document.getElementById("report").scrollTop = 0;
    });
    fs.mkdirSync(SHOT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SHOT_DIR, "www.png"), caret: "initial" });

    // Downloads: the engine's cleaned HTML (UTF-8 now) and the report.
    const [htmlDownload] = await Promise.all([page.waitForEvent("download"), page.click("#download-html")]);
    const cleanedHtml = fs.readFileSync(await htmlDownload.path(), "utf8");
    check(htmlDownload.suggestedFilename() === "zh-chips.cleaned.html", `download: ${htmlDownload.suggestedFilename()}`);
    check(
      !cleanedHtml.includes(EXPECT.footerText) && cleanedHtml.includes(EXPECT.outline[0]) && /charset="utf-8"/i.test(cleanedHtml),
      "download: the cleaned HTML has no footer, has the article, says UTF-8",
    );
    const [reportDownload] = await Promise.all([page.waitForEvent("download"), page.click("#download-report")]);
    const reportJson = JSON.parse(fs.readFileSync(await reportDownload.path(), "utf8"));
    check(
      reportJson.edits?.length === editCount(reportJson) && reportJson.edits.length >= 30 && reportJson.outline?.length === 4 && reportJson.language === "zh-CN",
      `download: the report JSON (${reportJson.edits?.length} edits, ${reportJson.outline?.length} sections)`,
    );

    // 3. Nothing left 127.0.0.1 so far, not even an image added after the policy <meta> left.
    await page.evaluate(() => {
      for (const id of ["frame-original", "frame-cleaned"]) {
        const d = document.getElementById(id).contentDocument;
        const img = d.createElement("img");
        img.src = "https://late-image.example/added.png";
        d.body.append(img);
      }
    });
    // The card's play button, clicked for real: the player comes back, and stays blocked.
    await cleaned.locator("newslens-embed button").click();
    await waitFor(() => page.evaluate(() => !!document.getElementById("frame-cleaned").contentDocument.querySelector('iframe[data-newslens-src*="bilibili"]')), {
      timeout: 3000,
      what: "player back",
    }).catch(() => null);
    f = await facts();
    check(f.bilibiliInCleaned === 1 && !f.card, "frames: the card's play button puts the player back");
    check(
      (await page.locator('#edits li[data-kind="replaceEmbed"].restored').count()) === 1,
      "report: the played embed is marked restored",
    );
    await sleep(1000);
    // Playwright also reports the loads the policy refused inside the browser (they fail with
    // ERR_BLOCKED_BY_CSP and never reach the network): those are fine, anything else is not.
    const outside = requests.filter((r) => !/^(https?:\/\/127\.0\.0\.1[:/]|data:|blob:|about:)/.test(r.url()));
    const escaped = outside.filter((r) => !["csp", "net::ERR_BLOCKED_BY_CSP"].includes(r.failure()?.errorText));
    check(proxy.external.length === 0, `network: nothing reached the proxy ${JSON.stringify(proxy.external.map(hostOf))}`);
    check(
      escaped.length === 0,
      `network: Playwright saw ${outside.length} requests for other hosts, all refused by the frames' policy ${JSON.stringify(escaped.map((r) => [r.url(), r.failure()?.errorText]))}`,
    );
    check(outside.some((r) => r.url().startsWith("https://late-image.example/")), "network: the image added late was asked for (and refused)");

    // The check can see: with remote images allowed, the sample's images go out (and fail).
    await page.click("#options summary");
    await page.check("#remote-images");
    const seen = await waitFor(() => Promise.resolve(proxy.external.some((e) => hostOf(e) === EXPECT.remoteImageHost)), {
      timeout: 8000,
      what: "remote image at the proxy",
    }).catch(() => false);
    check(seen, `network: with "load remote images", ${EXPECT.remoteImageHost} reaches the proxy (the check is not blind)`);
    check(
      !proxy.external.some((e) => /bilibili|googletagmanager|late-image/.test(hostOf(e))),
      "network: remote images only (no frames, nothing else)",
    );
    await page.uncheck("#remote-images");
    await page.click("#options summary");
    await sleep(500);
    const remoteCount = proxy.external.length;

    // 4. Chinese UI, then a phone.
    await page.click("#lang-switch");
    await page.waitForFunction(() => document.documentElement.lang === "zh-CN");
    check((await page.textContent("h1")) === "Newslens 试验场", "i18n: the switch shows the Chinese UI");
    await waitFor(async () => (await facts()).barText.includes("详情"), { timeout: 5000, what: "Chinese bar" }).catch(() => null);
    f = await facts();
    check(f.barText.includes("详情"), "i18n: the cleaned frame's status bar (ui.js) in Chinese");
    check((await page.locator(`#terms li[data-term="${EXPECT.term}"] .source`).textContent()) === "本文中的定义", "i18n: the report in Chinese");
    await page.click("#lang-switch");
    await page.waitForFunction(() => document.documentElement.lang === "en");

    await page.setViewportSize({ width: 390, height: 844 });
    await sleep(300);
    const phone = await page.evaluate(() => ({
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      switchShown: getComputedStyle(document.querySelector(".view-switch")).display !== "none",
      panes: [...document.querySelectorAll(".pane")].map((p) => getComputedStyle(p).display !== "none"),
    }));
    check(phone.overflow <= 0, `phone: no sideways scrolling (overflow ${phone.overflow}px)`);
    check(phone.switchShown && phone.panes[0] === false && phone.panes[1] === true, "phone: one frame at a time (cleaned)");
    await page.click('.view-switch button[data-view="original"]');
    const panes = await page.evaluate(() => [...document.querySelectorAll(".pane")].map((p) => getComputedStyle(p).display !== "none"));
    check(panes[0] && !panes[1], "phone: the switch shows the original");
    await page.screenshot({ path: path.join(SHOT_DIR, "www-phone.png"), caret: "initial" });
    await page.setViewportSize({ width: 1400, height: 900 });

    // Options (the extension's names): the reader's glossary, a rule for the page's site,
    // outline off; a glossary that is not JSON is refused before anything runs.
    await page.click("#options summary");
    await page.fill("#custom-glossary", '[{"term": "浮点运算", "definition": "带小数点的数的运算"}]');
    await page.fill("#rules", "xinzhi-news.example.cn##.article-meta\nnot a rule");
    await page.fill("#url", "https://www.xinzhi-news.example.cn/tech/2026/0318/a1029384.html");
    await page.uncheck('[data-option="outline"]');
    await page.waitForFunction(() => document.querySelectorAll("#outline li[data-section]").length === 0, null, { timeout: 10000 });
    await page.click("#apply-options");
    await page.waitForFunction(() => document.querySelector('#terms li[data-source="user"]'), null, { timeout: 10000 });
    check(
      (await page.textContent('#terms li[data-term="浮点运算"] .source')) === "From your glossary",
      "options: the reader's glossary term, from your glossary",
    );
    check((await page.locator('#edits li[data-rule="user"]').count()) === 1, "options: the reader's rule for the site removed an element");
    check((await page.textContent("#outline")) === "No outline: the article has fewer than two sections.", "options: outline off");
    check((await page.textContent("#notes-list")).includes('"not a rule"'), "options: the skipped rule is reported");
    await page.fill("#custom-glossary", "[{term}]");
    await page.click("#apply-options");
    check((await page.textContent("#custom-glossary-problem")).startsWith("This is not valid JSON:"), "options: a glossary that is not JSON is refused");
    await page.fill("#custom-glossary", "[]");
    await page.fill("#rules", "");
    await page.fill("#url", "");
    await page.check('[data-option="outline"]');
    await page.click("#options summary");

    // 4b. Pick mode in the cleaned frame.
    await pickChecks(page, check);

    // The engine works in a worker: while it reads a 4 MB page the tab keeps answering (showing
    // the page in the frames afterwards is the browser's own work, on the tab's thread).
    await checkWorker(check, (mb) => page.evaluate(workerProbe, mb));

    // A hostile page, pasted: in both frames, a real click on its handler, its javascript:
    // link, its form button and its ping link; nothing runs, nothing navigates, nothing loads.
    await page.fill("#paste", HOSTILE);
    await page.click("#clean-paste");
    await page.waitForFunction(() => document.getElementById("status").textContent.startsWith("Cleaned the pasted HTML"));
    await page.evaluate(() => document.querySelector(".frames").scrollIntoView());
    for (const id of ["frame-original", "frame-cleaned"]) {
      const frame = page.frameLocator(`#${id}`);
      for (const target of ["#handler", "#jslink", "#submit", "#ping"]) await frame.locator(target).click();
    }
    await sleep(1500);
    const hostile = await page.evaluate(new Function(HOSTILE_FACTS));
    check(
      hostile.every((h) => h.url === "about:srcdoc" && h.title === "hostile" && h.ran === null),
      `hostile page: no script, handler or javascript: link ran, no refresh or form navigated ${JSON.stringify(hostile)}`,
    );
    check(proxy.external.length === remoteCount, `hostile page: nothing reached the proxy ${JSON.stringify(proxy.external.slice(remoteCount).map(hostOf))}`);
    await page.evaluate(() => window.scrollTo(0, 0));

    // 5. Bad input.
    await page.setInputFiles("#file", { name: "photo.png", mimeType: "image/png", buffer: PNG });
    await page.waitForSelector("#error:not([hidden])", { timeout: 5000 });
    const err = await page.textContent("#error");
    check(err === "“photo.png” is not an HTML page: it looks like PNG data.", `bad input: ${err}`);
    check((await page.getAttribute("#error", "role")) === "alert", "bad input: the message is announced (role=alert)");

    await page.fill("#paste", "   ");
    await page.click("#clean-paste");
    check((await page.textContent("#error")) === "Nothing to clean: paste the HTML of a page first.", "bad input: empty paste");

    await page.evaluate(() => {
      const big = new File([new Uint8Array(50 * 1024 * 1024).fill(0x20)], "big.html", { type: "text/html" });
      const dt = new DataTransfer();
      dt.items.add(big);
      window.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    const bigErr = await page.textContent("#error");
    check(/^“big\.html” is 50\.0 MB: the playground takes pages up to 10 MB/.test(bigErr), `bad input: ${bigErr}`);
    // Refused before it was read (the message was there when the drop returned): no job started.
    check(!(await page.evaluate(() => document.body.classList.contains("busy"))), "bad input: the 50 MB file was not handed to the engine");

    check(errors.length === 0, `no page errors ${JSON.stringify(errors)}`);
    check(proxy.external.every((e) => hostOf(e) === EXPECT.remoteImageHost || /example/.test(hostOf(e))),
      `network: nothing but the remote-image check left 127.0.0.1 ${JSON.stringify([...new Set(proxy.external.map(hostOf))])}`);
  } catch (e) {
    failures.push(String(e?.stack ?? e));
    console.log(`  FAIL ${e?.stack ?? e}`);
    await page.screenshot({ path: path.join(SHOT_DIR, "www-chromium-failure.png") }).catch(() => {});
  } finally {
    await browser.close().catch(() => {});
    site.stop();
    await proxy.close();
  }
  finish("www chromium", failures, started);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

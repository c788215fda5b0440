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
//  3. no request left 127.0.0.1 (proxy log and Playwright's request events), not even for an
//     image added to a frame after it loaded; then "load remote images" makes the sample's
//     remote images reach the proxy, which shows the check can see them;
//  4. the Chinese UI (switch), a phone-sized viewport (no sideways scrolling, frame switch);
//  5. bad input: a PNG through the file input, an empty paste, a 50 MB file dropped on the page:
//     a clear message each, and the tab answers at once.
// Screenshot: target/e2e/www.png. Exit code 1 on any failure.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { spawn } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const DIST = path.join(ROOT, "dist/www");
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

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns a truthy value, which it returns; throws on timeout. */
export async function waitFor(fn, { timeout = 10000, interval = 50, what = "condition" } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    let value = null;
    try {
      value = await fn();
    } catch {
      // not yet
    }
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await sleep(interval);
  }
}

export function checker() {
  const failures = [];
  const check = (ok, what) => {
    if (ok) console.log(`  ok   ${what}`);
    else {
      failures.push(what);
      console.log(`  FAIL ${what}`);
    }
    return ok;
  };
  return { failures, check };
}

/** Starts scripts/serve.py on a free port; resolves `{ origin, stop() }`. */
export async function startSite() {
  if (!fs.existsSync(path.join(DIST, "index.html"))) {
    throw new Error(`${DIST}/index.html is missing: run \`make www\` first`);
  }
  const child = spawn("python3", [path.join(ROOT, "scripts/serve.py"), "--dir", DIST], {
    env: { ...process.env, PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log = [];
  child.stderr.on("data", (d) => log.push(String(d)));
  const origin = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`serve.py printed no address: ${out}${log.join("")}`)), 10000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    });
    child.on("exit", (code) => reject(new Error(`serve.py exited (${code}): ${out}${log.join("")}`)));
  });
  return { origin, log, stop: () => child.kill() };
}

/**
 * A proxy that forwards nothing: every request that reaches it (plain HTTP by absolute URL,
 * HTTPS by CONNECT) would have left 127.0.0.1. Resolves `{ port, external, close() }`.
 */
export async function startProxy() {
  const external = [];
  const server = http.createServer((req, res) => {
    external.push({ method: req.method, target: req.url, at: Date.now() });
    res.writeHead(502, { "Content-Type": "text/plain" });
    res.end("blocked by the test proxy");
  });
  server.on("connect", (req, socket) => {
    external.push({ method: "CONNECT", target: req.url, at: Date.now() });
    socket.end("HTTP/1.1 502 Bad Gateway\r\n\r\n");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: server.address().port,
    external,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(resolve);
      }),
  };
}

export const hostOf = (entry) =>
  entry.method === "CONNECT" ? entry.target.replace(/:\d+$/, "") : new URL(entry.target).hostname;

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
    bilibiliInCleaned: cd.querySelectorAll('iframe[src*="bilibili"]').length,
    card: !!card && !!card.shadowRoot?.querySelector("button"),
    terms: cd.querySelectorAll("span.newslens-term").length,
    outlineButtons: ui ? ui.querySelectorAll("nav.outline li button").length : 0,
    barText: ui?.querySelector(".bar-head")?.textContent ?? "",
    mode: [od.compatMode, cd.compatMode],
  };
`;

async function main() {
  const { chromium } = await import("playwright-core");
  const { failures, check } = checker();
  const started = Date.now();
  const site = await startSite();
  const proxy = await startProxy();
  console.log(`www chromium: ${site.origin}, proxy 127.0.0.1:${proxy.port}`);
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      `--proxy-server=http://127.0.0.1:${proxy.port}`,
      // The browser's own traffic would be taken for the page's (see TOOLCHAIN.md).
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--gaia-url=http://127.0.0.1:9",
      "--component-updater=url-source=http://127.0.0.1:9",
      "--autofill-server-url=http://127.0.0.1:9/",
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: "en-US" });
  const requests = [];
  context.on("request", (r) => requests.push(r.url()));
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
    check(f.sandbox.every((s) => s === "allow-same-origin"), "frames: sandbox=allow-same-origin (no allow-scripts)");
    check(f.url.every((u) => u === "about:srcdoc"), "frames: srcdoc documents");
    check(!f.scriptsRan.some(Boolean), "frames: the page's scripts did not run in either frame");
    check(f.cspMetaLeft === 0, "frames: the policy <meta> is out of the tree once parsed");
    check(f.mode.every((m) => m === "CSS1Compat"), "frames: standards mode kept");
    check(f.footerInOriginal && !f.footerInCleaned, "frames: footer in the original, gone from the cleaned page");
    check(f.card && f.bilibiliInCleaned === 0, "frames: a card instead of the Bilibili player");
    check(f.outlineButtons === 4, `frames: outline panel with ${f.outlineButtons} entries`);
    check(f.terms > 0, `frames: ${f.terms} terms marked`);

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
    fs.mkdirSync(SHOT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SHOT_DIR, "www.png"), caret: "initial" });

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
    await waitFor(() => page.evaluate(() => !!document.getElementById("frame-cleaned").contentDocument.querySelector('iframe[src*="bilibili"]')), {
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
    const outside = requests.filter((u) => !/^(https?:\/\/127\.0\.0\.1[:/]|data:|blob:|about:)/.test(u));
    check(proxy.external.length === 0, `network: nothing reached the proxy ${JSON.stringify(proxy.external.map(hostOf))}`);
    check(outside.length === 0, `network: every request Playwright saw went to 127.0.0.1 ${JSON.stringify(outside)}`);

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

    // 5. Bad input.
    await page.setInputFiles("#file", { name: "photo.png", mimeType: "image/png", buffer: PNG });
    await page.waitForSelector("#error:not([hidden])", { timeout: 5000 });
    const err = await page.textContent("#error");
    check(err === "“photo.png” is not an HTML page: it looks like PNG data.", `bad input: ${err}`);
    check((await page.getAttribute("#error", "role")) === "alert", "bad input: the message is announced (role=alert)");

    await page.fill("#paste", "   ");
    await page.click("#clean-paste");
    check((await page.textContent("#error")) === "Nothing to clean: paste the HTML of a page first.", "bad input: empty paste");

    const t0 = Date.now();
    await page.evaluate(() => {
      const big = new File([new Uint8Array(50 * 1024 * 1024).fill(0x20)], "big.html", { type: "text/html" });
      const dt = new DataTransfer();
      dt.items.add(big);
      window.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    const bigErr = await page.textContent("#error");
    check(/^“big\.html” is 50\.0 MB: the playground takes pages up to 10 MB/.test(bigErr), `bad input: ${bigErr}`);
    const answer = Date.now();
    await page.evaluate(() => 1);
    check(Date.now() - answer < 1000, `bad input: the tab answers at once (${Date.now() - t0} ms with the 50 MB drop)`);

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
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (failures.length) {
    console.log(`www chromium: ${failures.length} FAILED (${secs} s)`);
    process.exit(1);
  }
  console.log(`www chromium: ok (${secs} s)`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

// End-to-end test of the playground (dist/www, built by `make www`) in headless Firefox, driven
// by selenium-webdriver + geckodriver: the same smoke test as www-chromium.mjs.
//
//     make www && node tests/e2e/www-firefox.mjs
//
// Serves dist/www with scripts/serve.py on a free port; the logging proxy (server.mjs) is
// Firefox's HTTP and HTTPS proxy, so anything that tries to leave 127.0.0.1 is recorded there
// (Firefox's own background traffic is switched off by prefs, or it would be counted). Then:
// the Chinese sample through the file input and what the report must show; the frames (the
// page's scripts did not run, card with a working play button, tooltip on hover and focus,
// outline panel, highlight of an edit picked with the keyboard); the downloads; nothing left
// 127.0.0.1, and with "load remote images" the sample's images do reach the proxy; the Chinese
// UI; a phone-sized viewport; options; pick mode in the cleaned frame (by pointer and by
// keyboard, the rule to copy, Undo all); the engine in its worker; a hostile page (nothing runs,
// navigates or loads); a PNG, an empty paste and a 50 MB file each get a clear message. WebDriver BiDi
// collects the pages' JavaScript errors. Screenshot: target/e2e/www-firefox.png.
// Exit code 1 on any failure.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { By, Key } from "selenium-webdriver";
import { firefoxOptions, startFirefox } from "./browsers.mjs";
import { checker, editCount, finish, firstDifference, sleep, startSite, waitFor } from "./helpers.mjs";
import { hostOf, startProxy } from "./server.mjs";
// The playground's test data and in-page probes, the same for both browsers.
import {
  EXPECT,
  FRAME_FACTS,
  HOSTILE,
  HOSTILE_FACTS,
  PICK,
  PNG,
  SAMPLE,
  SHOT_DIR,
  checkFrames,
  checkWorker,
  frameHtml,
  framePoint,
  markElements,
  pickState,
  removedSince,
  selectorFacts,
  workerProbe,
} from "./www-chromium.mjs";

/** JS run in the playground: what the report panel shows. */
const REPORT_FACTS = `
  const rows = [...document.querySelectorAll("#edits li")];
  const field = (n) => document.querySelector('#summary dd[data-field="' + n + '"]')?.textContent ?? null;
  const term = document.querySelector('#terms li[data-source="page"][data-term=${JSON.stringify(EXPECT.term)}]');
  return {
    footer: rows.filter((r) => r.dataset.kind === "remove" && r.dataset.rule === ${JSON.stringify(EXPECT.footerRule)}).map((r) => r.textContent),
    embed: rows.filter((r) => r.dataset.kind === "replaceEmbed" && r.dataset.rule === ${JSON.stringify(EXPECT.embedRule)}).length,
    outline: [...document.querySelectorAll("#outline li[data-section] .label")].map((n) => n.textContent),
    definition: term?.querySelector(".definition")?.textContent ?? null,
    source: term?.querySelector(".source")?.textContent ?? null,
    encoding: field("encoding"), language: field("language"), confidence: field("confidence"),
    reading: field("reading"), time: field("time"), applied: field("applied"),
  };
`;

/**
 * Pick mode in the cleaned frame with real input (WebDriver actions): by pointer, then by
 * keyboard only; as in www-chromium.mjs (`pickChecks` there).
 */
async function pickChecks({ driver, js, inFrame, check }) {
  // The in-page functions of www-chromium.mjs, with their arguments.
  const call = (fn, ...args) => js(`return (${fn})(...arguments)`, ...args);
  const state = () => call(pickState, PICK.target);
  /** The UI's state once `ok(state)`, or as it is after 5 s. */
  const until = async (what, ok) => {
    let last = null;
    await waitFor(async () => ok((last = await state())), { timeout: 5000, what }).catch(() => null);
    return last;
  };
  const setValue = (id, value) => js("document.getElementById(arguments[0]).value = arguments[1]", id, value);
  const press = async (key) => {
    await driver.actions().keyDown(key).keyUp(key).perform();
    await sleep(30);
  };
  /** A real click on a button of the cleaned frame's UI (WebDriver's element click). */
  const clickUi = (selector) =>
    inFrame("frame-cleaned", async () => {
      const root = await driver.findElement(By.css("newslens-ui")).getShadowRoot();
      await (await root.findElement(By.css(selector))).click();
    });
  /** Real pointer input at the middle of the page's element `selector` in the cleaned frame. */
  const pointer = (selector, act) =>
    inFrame("frame-cleaned", async () => act(driver.actions(), await driver.findElement(By.css(selector))));
  const cleanedAgain = (what, ok) =>
    waitFor(() => js(`return !document.body.dataset.phase && (${ok})()`), { timeout: 15000, what }).catch(() => null);

  const before = await js("return JSON.stringify({ ...localStorage })");
  await setValue("url", PICK.url);
  await setValue("paste", PICK.html);
  await driver.findElement(By.id("clean-paste")).click();
  await cleanedAgain("the pick article", () => document.getElementById("status").textContent.startsWith("Cleaned the pasted HTML"));
  let s = await state();
  check(s?.target[0] === 1 && s.target[1] === 1 && !s.picking, `pick: the pasted article is cleaned, its ${PICK.target} kept (${JSON.stringify(s?.target)})`);
  const [original] = await call(frameHtml);

  // By pointer: the button, the badge's image (labelled), the wheel widens to the figure, a
  // click removes it.
  await call(framePoint, PICK.point, {});
  await clickUi("button.pick-start");
  s = await state();
  check(s.picking && /^Pick mode/.test(s.live ?? ""), `pick: "Remove something…" starts pick mode ("${s.live}")`);
  await pointer(PICK.point, (a, el) => a.move({ origin: el }).perform());
  s = await until("the label of the image", (x) => PICK.pointLabel.test(x.label ?? ""));
  check(PICK.pointLabel.test(s?.label ?? ""), `pick: pointing at the badge's image, the label names it ("${s?.label}")`);
  await pointer(PICK.point, (a, el) => a.scroll(0, 0, 0, -120, el).perform());
  s = await until("the label of the figure", (x) => PICK.targetLabel.test(x.label ?? ""));
  check(PICK.targetLabel.test(s?.label ?? ""), `pick: the wheel widens to the figure ("${s?.label}")`);
  await pointer(PICK.point, (a, el) => a.move({ origin: el }).press().release().perform());
  s = await state();
  check(s.target[1] === 0 && s.target[0] === 1 && !s.picking, `pick: a click removes the figure from the cleaned frame, pick mode ends (${JSON.stringify(s.target)})`);
  const row = s.rows.find((r) => r.rule === "user.pick");
  check(s.listShown && row && /you removed it/.test(row.reason) && row.always, `pick: listed in Details with rule user.pick, "you removed it", Always on this site (${JSON.stringify(row)})`);

  // "Always on this site": the rule to copy, for the page address's host; it matches exactly the
  // figure in the page as it loads. Nothing is stored.
  await clickUi("button.remember-always");
  s = await state();
  const line = s.rows.find((r) => r.rule === "user.pick")?.ruleText ?? "";
  const selector = line.startsWith(`${PICK.host}##`) ? line.slice(PICK.host.length + 2) : null;
  check(!!selector, `pick: Always on this site shows the rule "${line}" (${PICK.host}##…)`);
  check(/^Copy this rule/.test(s.notice ?? "") && /^input\.rule-text/.test(s.uiFocus ?? ""), `pick: it says to copy it, the focus on the rule ("${s.notice}")`);
  const match = await call(selectorFacts, selector ?? "", PICK.html, PICK.target);
  check(match[0].exact, `pick: the selector matches exactly the figure in a fresh parse of the page (${JSON.stringify(match[0])})`);
  check(match[1].exact, `pick: and in the original frame (${JSON.stringify(match[1])})`);
  check((await js("return JSON.stringify({ ...localStorage })")) === before, "pick: nothing stored");

  // Undo all: the cleaned frame's document is the original's again, exactly.
  await clickUi("section.bar .bar-head button:last-child");
  let [orig, now] = await call(frameHtml);
  check(orig === original, "pick: the original frame is untouched");
  if (now !== orig) {
    const d = firstDifference(now, orig);
    check(false, `pick: Undo all restores the cleaned frame exactly (at ${d.at}: ${JSON.stringify(d.a)} vs ${JSON.stringify(d.b)})`);
  } else check(true, "pick: Undo all restores the cleaned frame's document exactly (picked and planned edits)");

  // The rule, copied into the options, is the engine's: the next clean removes the figure.
  await driver.findElement(By.css("#options summary")).click();
  await setValue("rules", line);
  await driver.findElement(By.id("apply-options")).click();
  await cleanedAgain("the clean with the rule", () => !!document.querySelector('#edits li[data-rule="user"]'));
  s = await state();
  const ruled = s.rows.filter((r) => r.rule === "user");
  check(ruled.length === 1 && s.target[1] === 0 && s.target[0] === 1, `pick: the rule copied into the options removes the figure on the next clean (${JSON.stringify(ruled)})`);
  await setValue("rules", "");
  await driver.findElement(By.id("apply-options")).click();
  await cleanedAgain("the clean without the rule", () => !document.querySelector('#edits li[data-rule="user"]'));
  await driver.findElement(By.css("#options summary")).click();

  // By keyboard only: the button focused, Enter starts on the element in the middle of the
  // frame, ↑ widens, ↓ narrows back, Enter removes what is picked.
  s = await state();
  check(s.target[1] === 1 && !s.rows.some((r) => r.rule === "user"), "pick (keyboard): the page cleaned again without the rule");
  [orig] = await call(frameHtml);
  await call(markElements);
  await js(`document.getElementById("frame-cleaned").contentDocument.querySelector("newslens-ui").shadowRoot.querySelector("button.pick-start").focus()`);
  await press(Key.ENTER);
  s = await state();
  const first = s.label;
  check(s.picking && !!first && /^Picked \S+, \d+ × \d+ pixels/.test(s.live ?? "") && s.frameFocused, `pick (keyboard): Enter on the button starts on an element, announced, the focus in pick mode ("${s.live}")`);
  await press(Key.ARROW_UP);
  const wider = (await state()).label;
  check(!!wider && wider !== first, `pick (keyboard): ↑ widens ("${first}" → "${wider}")`);
  await press(Key.ARROW_DOWN);
  check((await state()).label === first, "pick (keyboard): ↓ narrows back to the same element");
  await press(Key.ENTER);
  s = await state();
  const gone = await call(removedSince);
  check(
    !s.picking && gone.length === 1 && !!first && first.startsWith(`${gone[0]}  `),
    `pick (keyboard): Enter removes the element picked, and only it (${JSON.stringify(gone)}, label "${first}")`,
  );
  check(s.rows.filter((r) => r.rule === "user.pick").length === 1 && s.uiFocus === "button.remember-always", `pick (keyboard): listed, the focus on Always on this site (${s.uiFocus})`);
  await press(Key.ENTER);
  s = await state();
  const keyLine = s.rows.find((r) => r.rule === "user.pick")?.ruleText ?? "";
  check(keyLine.startsWith(`${PICK.host}##`), `pick (keyboard): Enter on it shows the rule ("${keyLine}")`);
  await clickUi("section.bar .bar-head button:last-child");
  [, now] = await call(frameHtml);
  check(now === orig, "pick (keyboard): Undo all restores the cleaned frame's document exactly");
  await setValue("url", "");
}

async function main() {
  const { failures, check } = checker();
  const started = Date.now();
  const site = await startSite();
  const proxy = await startProxy();
  console.log(`www firefox: ${site.origin}, proxy 127.0.0.1:${proxy.port}`);

  // 127.0.0.1 (the playground) goes direct, everything else to the proxy.
  const options = firefoxOptions({ proxyPort: proxy.port });
  options.setPreference("intl.accept_languages", "en-US, en");
  // Downloads go to a folder of ours, without asking.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "newslens-www-"));
  const downloads = path.join(tmp, "downloads");
  fs.mkdirSync(downloads);
  options.setPreference("browser.download.folderList", 2);
  options.setPreference("browser.download.dir", downloads);
  options.setPreference("browser.download.useDownloadDir", true);
  options.setPreference("browser.download.always_ask_before_handling_new_types", false);
  options.setPreference("browser.download.alwaysOpenPanel", false);
  // Firefox and its BiDi connection. Other browsers may be starting on this machine at the same
  // time, and a free port found for geckodriver can be taken before it binds: one more try then.
  let driver;
  let bidi;
  for (let attempt = 1; ; attempt++) {
    try {
      driver = await startFirefox(options);
      bidi = await driver.getBidi();
      break;
    } catch (e) {
      await driver?.quit().catch(() => {});
      driver = null;
      if (attempt === 2) {
        site.stop();
        await proxy.close();
        throw e;
      }
      console.log(`  (starting Firefox failed: ${e.message}; once more)`);
    }
  }
  const jsErrors = [];
  const js = (body, ...args) => driver.executeScript(body, ...args);
  const facts = () => js(FRAME_FACTS);
  const inFrame = async (id, fn) => {
    await driver.switchTo().frame(await driver.findElement(By.id(id)));
    try {
      return await fn();
    } finally {
      await driver.switchTo().defaultContent();
    }
  };
  try {
    bidi.on("log.entryAdded", (entry) => {
      // The frames' refused loads are logged as errors too: they are the point, not a fault.
      if (/^Content-Security-Policy: |sandbox|^downloadable font: .*content blocked/i.test(entry.text)) return;
      if (entry.type === "javascript" || entry.level === "error") jsErrors.push(entry.text);
    });
    await bidi.send({ method: "session.subscribe", params: { events: ["log.entryAdded"] } });
    await driver.manage().window().setRect({ width: 1400, height: 1000 });
    await driver.get(`${site.origin}/`);
    await waitFor(() => js("return document.body.dataset.ready === 'true'"), { what: "playground ready" });
    check((await js("return document.documentElement.lang")) === "en", "the UI starts in English (en-US)");

    // 1. The Chinese sample through the file input.
    await driver.findElement(By.id("file")).sendKeys(SAMPLE);
    await waitFor(() => js("return document.querySelectorAll('#edits li').length > 0"), { timeout: 20000, what: "the report" });
    const r = await js(REPORT_FACTS);
    check(r.footer.length >= 1, `report: footer removal (${EXPECT.footerRule})`);
    check(r.footer.some((s) => s.includes(EXPECT.footerText)), `report: the removed footer's text (${EXPECT.footerText})`);
    check(r.embed === 1, `report: embed replacement (${EXPECT.embedRule})`);
    check(JSON.stringify(r.outline) === JSON.stringify(EXPECT.outline), `report: outline ${JSON.stringify(r.outline)}`);
    check(r.definition?.includes(EXPECT.definition), `report: in-text definition of ${EXPECT.term} (source "page")`);
    check(r.source === "Defined in this article", "report: the term's source, in words");
    check(r.encoding === "gbk", `report: read as ${r.encoding}`);
    check(r.language?.includes("zh-CN"), `report: language ${r.language}`);
    check(/^\d+%$/.test(r.confidence), `report: confidence ${r.confidence}`);
    check(/^\d+ min$/.test(r.reading), `report: reading time ${r.reading}`);
    check(/^\d+(\.\d)? ms/.test(r.time), `report: time taken ${r.time}`);
    check(/ 0 skipped$/.test(r.applied), `report: ${r.applied}`);

    // 2. The frames.
    let f = await facts();
    checkFrames(check, f);

    const tipState = () =>
      js(`const tip = document.getElementById("frame-cleaned").contentDocument.querySelector("newslens-ui").shadowRoot.querySelector(".tooltip");
          return tip.hidden ? null : tip.textContent;`);
    await inFrame("frame-cleaned", async () => {
      const span = await driver.findElement(By.xpath(`//span[contains(@class,"newslens-term") and text()="${EXPECT.term}"]`));
      await driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", span);
      await driver.actions().move({ origin: span }).perform();
    });
    const tip = await waitFor(tipState, { timeout: 3000, what: "tooltip" }).catch(() => null);
    check(tip?.includes(EXPECT.definition), "frames: tooltip with the definition on hover");
    await driver.actions().move({ x: 5, y: 5 }).perform();
    const hidden = await waitFor(async () => (await tipState()) === null, { timeout: 3000, what: "tooltip hides" }).catch(() => false);
    check(hidden, "frames: tooltip hides when the pointer leaves");
    await js(`[...document.getElementById("frame-cleaned").contentDocument.querySelectorAll("span.newslens-term")]
              .find((s) => s.textContent === ${JSON.stringify(EXPECT.term)}).focus()`);
    check((await tipState()) !== null, "frames: tooltip on keyboard focus");

    const scrollY = () => js(`return document.getElementById("frame-cleaned").contentWindow.scrollY`);
    const y0 = await scrollY();
    await inFrame("frame-cleaned", async () => {
      const ui = await driver.findElement(By.css("newslens-ui")).getShadowRoot();
      const buttons = await ui.findElements(By.css("nav.outline li button"));
      await buttons[3].click();
    });
    const scrolled = await waitFor(async () => Math.abs((await scrollY()) - y0) > 200, { timeout: 3000, what: "outline scroll" }).catch(() => false);
    check(scrolled, "frames: the outline panel scrolls the cleaned frame");

    await js(`document.querySelector('#edits li[data-kind="replaceEmbed"] button').focus()`);
    await driver.switchTo().activeElement().sendKeys(Key.ENTER);
    const marks = await js(`return ["frame-original", "frame-cleaned"].map((id) =>
      document.getElementById(id).contentDocument.querySelectorAll("newslens-highlight").length)`);
    check(marks[0] === 1 && marks[1] === 1, `report: Enter on an edit highlights it in both frames (${marks})`);
    await js("window.scrollTo(0, 0); document.getElementById('report').scrollTop = 0");
    fs.mkdirSync(SHOT_DIR, { recursive: true });
    fs.writeFileSync(path.join(SHOT_DIR, "www-firefox.png"), Buffer.from(await driver.takeScreenshot(), "base64"));

    // Downloads: the engine's cleaned HTML (UTF-8 now) and the report.
    const downloaded = (name) =>
      waitFor(() => {
        const file = path.join(downloads, name);
        return Promise.resolve(fs.existsSync(file) && fs.statSync(file).size > 0 && fs.readFileSync(file, "utf8"));
      }, { timeout: 10000, what: `download ${name}` });
    await driver.findElement(By.id("download-html")).click();
    const cleanedHtml = await downloaded("zh-chips.cleaned.html").catch(() => "");
    check(
      !cleanedHtml.includes(EXPECT.footerText) && cleanedHtml.includes(EXPECT.outline[0]) && /charset="utf-8"/i.test(cleanedHtml),
      "download: zh-chips.cleaned.html has no footer, has the article, says UTF-8",
    );
    await driver.findElement(By.id("download-report")).click();
    const reportJson = JSON.parse((await downloaded("zh-chips.report.json").catch(() => "")) || "{}");
    check(
      reportJson.edits?.length === editCount(reportJson) && reportJson.edits.length >= 30 && reportJson.outline?.length === 4 && reportJson.language === "zh-CN",
      `download: zh-chips.report.json (${reportJson.edits?.length} edits, ${reportJson.outline?.length} sections)`,
    );

    // 3. Nothing left 127.0.0.1, not even an image added late, nor the player played.
    await js(`for (const id of ["frame-original", "frame-cleaned"]) {
      const d = document.getElementById(id).contentDocument;
      const img = d.createElement("img");
      img.src = "https://late-image.example/added.png";
      d.body.append(img);
    }`);
    await inFrame("frame-cleaned", async () => {
      const card = await driver.findElement(By.css("newslens-embed")).getShadowRoot();
      await (await card.findElement(By.css("button"))).click();
    });
    await sleep(300);
    f = await facts();
    check(f.bilibiliInCleaned === 1 && !f.card, "frames: the card's play button puts the player back");
    check((await js(`return document.querySelectorAll('#edits li[data-kind="replaceEmbed"].restored').length`)) === 1, "report: the played embed is marked restored");
    await sleep(1000);
    check(proxy.external.length === 0, `network: nothing reached the proxy ${JSON.stringify(proxy.external.map(hostOf))}`);

    await driver.findElement(By.css("#options summary")).click();
    await driver.findElement(By.id("remote-images")).click();
    const seen = await waitFor(() => Promise.resolve(proxy.external.some((e) => hostOf(e) === EXPECT.remoteImageHost)), {
      timeout: 8000,
      what: "remote image at the proxy",
    }).catch(() => false);
    check(seen, `network: with "load remote images", ${EXPECT.remoteImageHost} reaches the proxy (the check is not blind)`);
    check(!proxy.external.some((e) => /bilibili|googletagmanager|late-image/.test(hostOf(e))), "network: remote images only (no frames, nothing else)");
    await driver.findElement(By.id("remote-images")).click();
    await driver.findElement(By.css("#options summary")).click();
    await sleep(500);
    const remoteCount = proxy.external.length;

    // 4. Chinese UI, then a phone-sized window.
    await driver.findElement(By.id("lang-switch")).click();
    await waitFor(() => js("return document.documentElement.lang === 'zh-CN'"), { what: "Chinese UI" });
    check((await js("return document.querySelector('h1').textContent")) === "Newslens 试验场", "i18n: the switch shows the Chinese UI");
    await waitFor(async () => (await facts()).barText.includes("详情"), { timeout: 5000, what: "Chinese bar" }).catch(() => null);
    check((await facts()).barText.includes("详情"), "i18n: the cleaned frame's status bar (ui.js) in Chinese");
    await driver.findElement(By.id("lang-switch")).click();
    await waitFor(() => js("return document.documentElement.lang === 'en'"), { what: "English UI" });

    // A window can't be narrower than 500 px here; the viewport can.
    const tree = await bidi.send({ method: "browsingContext.getTree", params: { maxDepth: 0 } });
    const context = tree.result.contexts[0].context;
    const setViewport = (viewport) =>
      bidi.send({ method: "browsingContext.setViewport", params: { context, viewport } });
    await setViewport({ width: 390, height: 844 });
    await sleep(300);
    const phone = await js(`return {
      width: window.innerWidth,
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      switchShown: getComputedStyle(document.querySelector(".view-switch")).display !== "none",
      panes: [...document.querySelectorAll(".pane")].map((p) => getComputedStyle(p).display !== "none"),
    }`);
    check(phone.width <= 420, `phone: window ${phone.width} px wide`);
    check(phone.overflow <= 0, `phone: no sideways scrolling (overflow ${phone.overflow}px)`);
    check(phone.switchShown && !phone.panes[0] && phone.panes[1], "phone: one frame at a time (cleaned)");
    await driver.findElement(By.css('.view-switch button[data-view="original"]')).click();
    const panes = await js(`return [...document.querySelectorAll(".pane")].map((p) => getComputedStyle(p).display !== "none")`);
    check(panes[0] && !panes[1], "phone: the switch shows the original");
    await setViewport(null);

    // Options (the extension's names): the reader's glossary, a rule for the page's site,
    // outline off.
    const setValue = (id, value) => js("document.getElementById(arguments[0]).value = arguments[1]", id, value);
    await driver.findElement(By.css("#options summary")).click();
    await setValue("custom-glossary", '[{"term": "浮点运算", "definition": "带小数点的数的运算"}]');
    await setValue("rules", "xinzhi-news.example.cn##.article-meta\nnot a rule");
    await setValue("url", "https://www.xinzhi-news.example.cn/tech/2026/0318/a1029384.html");
    await driver.findElement(By.css('[data-option="outline"]')).click();
    await driver.findElement(By.id("apply-options")).click();
    await waitFor(() => js(`return !!document.querySelector('#terms li[data-source="user"]') && !document.body.dataset.phase`), {
      timeout: 10000,
      what: "the reader's glossary",
    }).catch(() => null);
    const opt = await js(`return {
      source: document.querySelector('#terms li[data-term="浮点运算"] .source')?.textContent,
      rule: document.querySelectorAll('#edits li[data-rule="user"]').length,
      outline: document.getElementById("outline").textContent,
      notes: document.getElementById("notes-list").textContent,
    }`);
    check(opt.source === "From your glossary", "options: the reader's glossary term, from your glossary");
    check(opt.rule === 1, "options: the reader's rule for the site removed an element");
    check(opt.outline === "No outline: the article has fewer than two sections.", "options: outline off");
    check(opt.notes.includes('"not a rule"'), "options: the skipped rule is reported");
    await setValue("custom-glossary", "[]");
    await setValue("rules", "");
    await setValue("url", "");
    await driver.findElement(By.css('[data-option="outline"]')).click();
    await driver.findElement(By.css("#options summary")).click();

    // Pick mode in the cleaned frame.
    await pickChecks({ driver, js, inFrame, check });

    // The engine works in a worker: while it reads a big page the tab keeps answering.
    await checkWorker(check, (mb) => js(`return (${workerProbe})(arguments[0])`, mb));

    // A hostile page, pasted: in both frames, a real click on its handler, its javascript:
    // link, its form button and its ping link; nothing runs, nothing navigates, nothing loads.
    await js("document.getElementById('paste').value = arguments[0]", HOSTILE);
    await driver.findElement(By.id("clean-paste")).click();
    await waitFor(() => js("return document.getElementById('status').textContent.startsWith('Cleaned the pasted HTML')"), {
      what: "the hostile page",
    });
    await js("document.querySelector('.frames').scrollIntoView()");
    for (const id of ["frame-original", "frame-cleaned"]) {
      await inFrame(id, async () => {
        for (const target of ["handler", "jslink", "submit", "ping"]) await driver.findElement(By.id(target)).click();
      });
    }
    await sleep(1500);
    const hostile = await js(HOSTILE_FACTS);
    check(
      hostile.every((h) => h.url === "about:srcdoc" && h.title === "hostile" && h.ran === null),
      `hostile page: no script, handler or javascript: link ran, no refresh or form navigated ${JSON.stringify(hostile)}`,
    );
    check(
      proxy.external.length === remoteCount,
      `hostile page: nothing reached the proxy ${JSON.stringify(proxy.external.slice(remoteCount).map(hostOf))}`,
    );
    await js("window.scrollTo(0, 0)");

    // 5. Bad input.
    const png = path.join(tmp, "photo.png");
    fs.writeFileSync(png, PNG);
    await driver.findElement(By.id("file")).sendKeys(png);
    await waitFor(() => js("return !document.getElementById('error').hidden"), { timeout: 5000, what: "error message" });
    const err = await js("return document.getElementById('error').textContent");
    check(err === "“photo.png” is not an HTML page: it looks like PNG data.", `bad input: ${err}`);
    check((await js("return document.getElementById('error').getAttribute('role')")) === "alert", "bad input: the message is announced (role=alert)");

    await js("document.getElementById('paste').value = '   '");
    await driver.findElement(By.id("clean-paste")).click();
    check(
      (await js("return document.getElementById('error').textContent")) === "Nothing to clean: paste the HTML of a page first.",
      "bad input: empty paste",
    );

    const bigErr = await js(`
      const big = new File([new Uint8Array(50 * 1024 * 1024).fill(0x20)], "big.html", { type: "text/html" });
      const dt = new DataTransfer();
      dt.items.add(big);
      window.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
      return document.getElementById("error").textContent;`);
    check(/^“big\.html” is 50\.0 MB: the playground takes pages up to 10 MB/.test(bigErr), `bad input: ${bigErr}`);
    // Refused before it was read (the message was there when the drop returned): no job started.
    check(!(await js("return document.body.classList.contains('busy')")), "bad input: the 50 MB file was not handed to the engine");

    await sleep(300);
    check(jsErrors.length === 0, `no JavaScript errors ${JSON.stringify(jsErrors)}`);
  } catch (e) {
    failures.push(String(e?.stack ?? e));
    console.log(`  FAIL ${e?.stack ?? e}`);
    try {
      fs.mkdirSync(SHOT_DIR, { recursive: true });
      fs.writeFileSync(path.join(SHOT_DIR, "www-firefox-failure.png"), Buffer.from(await driver.takeScreenshot(), "base64"));
    } catch {
      // no screenshot
    }
  } finally {
    await driver.quit().catch(() => {});
    site.stop();
    await proxy.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  finish("www firefox", failures, started);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

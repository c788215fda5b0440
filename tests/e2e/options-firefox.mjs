// The options page's rules, storage and grant prompt, in real headless Firefox (selenium-webdriver
// + geckodriver) with the extension's test build installed as a temporary add-on. The same
// checks as options-chromium.mjs, and the grant for real: with
// `extensions.webextOptionalPermissionPrompts` off, Firefox grants what `permissions.request`
// asks for without its dialog, so the page's whole path runs (the request, the permission, the
// site listed).
//
//     make extension && node tests/e2e/options-firefox.mjs
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { By, Key } from "selenium-webdriver";
import { firefoxOptions, startFirefox } from "./browsers.mjs";
import { checker, finish, waitFor, withTimeout } from "./helpers.mjs";
import { PAGES, ROOT, startServer } from "./server.mjs";
import { LIST, BAD_LIST, bigList, rulesFromStorage } from "./options-shared.mjs";

const DIST = path.join(ROOT, "dist/test/firefox");
const ZIP = path.join(ROOT, "dist/test/newslens-firefox-test.zip");
const started = Date.now();
const { failures, check } = checker();

if (!fs.existsSync(ZIP)) {
  console.error(`options firefox: ${ZIP} is missing: run make extension first`);
  process.exit(1);
}

const server = await startServer();
const uuid = randomUUID();
const geckoId = JSON.parse(fs.readFileSync(path.join(DIST, "manifest.json"), "utf8")).browser_specific_settings.gecko.id;
const options = firefoxOptions({ proxyPort: server.port });
options.setPreference("extensions.webextensions.uuids", JSON.stringify({ [geckoId]: uuid }));
options.setPreference("extensions.webextOptionalPermissionPrompts", false);
const driver = await withTimeout(startFirefox(options, { systemAccess: true }), 60000, "starting Firefox");
const OPTIONS = `moz-extension://${uuid}/options.html`;

/** Runs `fn(...args)` (async) in the current page; its result through JSON. */
async function run(fn, ...args) {
  const out = await driver.executeAsyncScript(
    `const done = arguments[arguments.length - 1];
     Promise.resolve().then(() => (${fn})(...arguments[0])).then(
       (r) => done(JSON.stringify({ ok: r === undefined ? null : r })),
       (e) => done(JSON.stringify({ error: String(e?.stack ?? e) })));`,
    args,
  );
  const parsed = JSON.parse(out);
  if (parsed.error) throw new Error(parsed.error);
  return parsed.ok;
}
const storage = () => run(async () => ({ sync: await browser.storage.sync.get(null), local: await browser.storage.local.get(null) }));
const stored = async () => rulesFromStorage(await storage());
const text = (selector) => run((s) => document.querySelector(s)?.textContent ?? null, selector);
const until = (fn, what, timeout = 20000) => waitFor(() => run(fn), { what, timeout });
/** Pastes `lines` into the import box (as the reader's paste would fill it) and imports them. */
async function importPasted(lines, mode = "merge") {
  await driver.findElement(By.css(`input[name=import-mode][value=${mode}]`)).click();
  await run((value) => {
    const box = document.getElementById("import-text");
    box.value = value;
    box.dispatchEvent(new Event("input", { bubbles: true }));
  }, lines.join("\n"));
  await driver.findElement(By.id("import-paste")).click();
}

const logs = [];
try {
  const bidi = await driver.getBidi();
  bidi.on("log.entryAdded", (entry) => logs.push(entry));
  await bidi.send({ method: "session.subscribe", params: { events: ["log.entryAdded"] } });
  await driver.manage().setTimeouts({ script: 60000 });
  await driver.installAddon(ZIP, true);
  await driver.get(OPTIONS);
  await until(() => !!document.getElementById("no-rules"), "the options page");
  check(/sync storage/.test(await text("#storage-area")), `the area in use is named: ${await text("#storage-area")}`);

  // ---- Import (pasted), grouped by site.
  await importPasted(LIST);
  await until(() => !!document.querySelector("section.group[data-site='example.com']"), "the imported groups");
  const first = await run(() => [...document.querySelectorAll("#import-problems li")].map((li) => li.textContent));
  // The engine takes `#@#` exceptions: the list imports whole.
  const exceptions = true;
  check(exceptions ? first.length === 0 : first.length === 1 && /^line 6: /.test(first[0]), `the import reports nothing else: ${first.join(" | ")}`);
  const expected = exceptions ? LIST : LIST.filter((line) => !line.includes("#@#"));
  check(JSON.stringify(await stored()) === JSON.stringify(expected), `the imported list is stored as it was, comments included: ${JSON.stringify(await stored())}`);
  const groups = await run(() =>
    [...document.querySelectorAll("section.group")].map((s) => ({
      site: s.dataset.site,
      title: s.querySelector("h3").textContent,
      rules: [...s.querySelectorAll("li.rule")].map((li) => ({ rule: li.dataset.rule, kind: li.querySelector(".kind")?.textContent, comments: [...li.querySelectorAll(".comment")].map((c) => c.textContent) })),
    })),
  );
  check(groups[0]?.site === "" && groups[0].title === "Every site" && groups[0].rules[0]?.rule === "##.newsletter-box", `every-site rules come first: ${JSON.stringify(groups[0])}`);
  const example = groups.find((g) => g.site === "example.com");
  check(example?.rules.length === 2 && example.rules[0].comments[0] === "! the promo rail", `example.com's two rules, the comment with the first: ${JSON.stringify(example)}`);
  if (exceptions) check(groups.find((g) => g.site === "news.example.org")?.rules[0]?.kind === "exception", "an exception is marked as one");

  // ---- Edit, a refused edit, delete: with the keyboard, as a reader would.
  const promo = await driver.findElement(By.css("li.rule[data-rule='example.com##.promo'] input.rule-text"));
  await promo.clear();
  await promo.sendKeys("example.com##.promo-box", Key.ENTER);
  await until(() => !!document.querySelector("li.rule[data-rule='example.com##.promo-box']"), "the edited line");
  let rules = await stored();
  check(rules.includes("example.com##.promo-box") && !rules.includes("example.com##.promo"), "an edited line is stored");
  check(rules.indexOf("! the promo rail") === rules.indexOf("example.com##.promo-box") - 1, "its comment stays with it");
  const rail = await driver.findElement(By.css("li.rule[data-rule='example.com##aside.rail'] input.rule-text"));
  await rail.clear();
  await rail.sendKeys("example.com##aside[[[", Key.ENTER);
  const why = await until(() => document.querySelector("li.rule[data-rule='example.com##aside.rail'] .problem")?.textContent, "the refused edit's reason");
  check(/selector/i.test(why), `a refused edit shows the engine's reason: ${why}`);
  check((await stored()).includes("example.com##aside.rail"), "a refused edit stores nothing");
  await driver.findElement(By.css("li.rule[data-rule='example.com##aside.rail'] button.delete")).click();
  await until(() => !document.querySelector("li.rule[data-rule='example.com##aside.rail']"), "the deleted line gone");
  rules = await stored();
  check(!rules.includes("example.com##aside.rail") && rules.length === expected.length - 1, `a deleted line is gone (${rules.length} lines)`);

  // ---- Bad lines of an import, by number.
  await importPasted(BAD_LIST);
  await until(() => document.querySelectorAll("#import-problems li").length > 0, "the import's problems");
  const problems = await run(() => [...document.querySelectorAll("#import-problems li")].map((li) => li.textContent));
  check(problems.length === 2, `two bad lines reported: ${problems.join(" | ")}`);
  check(/^line 3: .*selector/i.test(problems[0] ?? ""), `the bad selector on line 3 is named: ${problems[0]}`);
  check(/^line 5: /.test(problems[1] ?? ""), `the line that is no rule (5) is named: ${problems[1]}`);
  rules = await stored();
  check(rules.includes("good.example##.ok") && !rules.some((r) => r.includes("[[[")), "the good lines of that list are imported, the bad ones not");

  // ---- Export → delete all → import the file: the same rules. The export's file is the blob
  // the page hands to the download (read where the page makes it).
  const before = await stored();
  await run(() => {
    const make = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (blob) => {
      window.__exported = blob;
      return make(blob);
    };
    document.addEventListener("click", (e) => { if (e.target.download) window.__filename = e.target.download; }, true);
  });
  await driver.findElement(By.id("rules-export")).click();
  const exported = await until(async () => window.__exported && { text: await window.__exported.text(), name: window.__filename }, "the export");
  check(exported.name === "newslens-rules.txt", `the download is named ${exported.name}`);
  check(exported.text === `${before.join("\n")}\n`, "the export is the stored list, a line each, comments included");
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "newslens-options-")), "newslens-rules.txt");
  fs.writeFileSync(file, exported.text);
  await driver.findElement(By.id("rules-clear")).click();
  check((await stored()).length === before.length, "one click on Delete all deletes nothing yet");
  await driver.findElement(By.id("rules-clear")).click();
  await until(() => !!document.getElementById("no-rules"), "no rules left");
  check((await stored()).length === 0, "a second click deletes all");
  await driver.findElement(By.id("import-file")).sendKeys(file);
  await until(() => !!document.querySelector("section.group[data-site='example.com']"), "the file imported");
  const after = await stored();
  check(JSON.stringify(after) === JSON.stringify(before), `export → clear → import of the file gives the same rules (${after.length} of ${before.length} lines)`);

  // ---- Past the sync quota: local, said, and still applied.
  const big = bigList();
  await importPasted(big, "replace");
  await until(() => document.getElementById("storage-area").dataset.area === "local", "the local area", 60000);
  const area = await text("#storage-area");
  check(/this computer only.*full/.test(area), `the page says the rules are on this computer only, sync full: ${area}`);
  const areas = await storage();
  check(areas.local["rules.count"] > 0 && JSON.stringify(areas.sync).length < 102400, "the list is in storage.local; sync within its quota");
  check(JSON.stringify(await stored()) === JSON.stringify(big), `all ${big.length} lines are kept`);
  const optionsTab = await driver.getWindowHandle();
  const url = server.origin + PAGES.find((p) => p.name === "en-climate").path;
  await driver.switchTo().newWindow("tab");
  const pageTab = await driver.getWindowHandle();
  await driver.get(url);
  await driver.switchTo().window(optionsTab);
  const report = await run(async (url) => {
    const bg = await browser.runtime.getBackgroundPage();
    const tab = (await browser.tabs.query({})).find((t) => t.url === url);
    try {
      return JSON.parse(JSON.stringify(await bg.newslens.cleanTab(tab.id)));
    } catch (e) {
      return { error: String(e?.message ?? e) };
    }
  }, url);
  check(!report.error, `the clean works: ${report.error}`);
  check(report.edits?.some((e) => e.reason === "your rule: 127.0.0.1##.story__dek"), `the rule's removal has the reason "your rule …": ${report.warnings}`);
  await driver.switchTo().window(pageTab);
  check(await driver.executeScript(() => !document.querySelector(".story__dek") && !!document.querySelector("newslens-ui")), "the element the rule selects is gone");
  await driver.close();
  await driver.switchTo().window(optionsTab);
  await importPasted(LIST, "replace");
  await until(() => document.getElementById("storage-area").dataset.area === "sync", "the sync area again");
  const back = await storage();
  check(back.sync["rules.count"] === 1 && !("rules.count" in back.local), "a list that fits goes back to sync, the local copy gone");

  // ---- #grant=<host>, granted for real.
  await driver.get(`${OPTIONS}#grant=news.example.com`);
  await driver.navigate().refresh();
  await until(() => !document.getElementById("grant").hidden, "the grant prompt");
  check((await text("#grant-title")) === "Clean news.example.com automatically?", `the prompt asks: ${await text("#grant-title")}`);
  check(/permission to read pages on news\.example\.com/.test(await text("#grant-text")), "the prompt says what permission");
  await driver.findElement(By.id("grant-allow")).click();
  const done = await until(() => document.getElementById("grant-result").textContent, "the grant's result");
  check(/news\.example\.com is now cleaned automatically/.test(done), `a grant is said: ${done}`);
  const granted = await run(async () => ({
    contains: await browser.permissions.contains({ origins: ["https://news.example.com/*", "http://www.news.example.com/*"] }),
    sites: (await browser.storage.sync.get("autoCleanSites")).autoCleanSites,
  }));
  check(granted.contains, "Firefox holds the site's permission");
  check(granted.sites?.includes("news.example.com"), `the site is added to auto-clean: ${granted.sites}`);
  check(await run(() => [...document.querySelectorAll("#auto-list li span")].some((s) => s.textContent === "news.example.com")), "and listed on the page");
  for (const bad of ["https://evil.example/path", "<img src=x onerror=alert(1)>", "example.com:8080", ""]) {
    await driver.get(`${OPTIONS}#grant=${encodeURIComponent(bad)}`);
    await driver.navigate().refresh();
    await until(() => !document.getElementById("grant").hidden, "the grant box");
    const shown = await run(() => ({
      bad: document.getElementById("grant").classList.contains("bad"),
      button: !document.getElementById("grant-buttons").hidden,
      text: document.getElementById("grant-text").textContent,
      img: !!document.querySelector("#grant img"),
    }));
    check(shown.bad && !shown.button && /not a site name/.test(shown.text) && !shown.img, `#grant=${bad}: an error, no prompt (${shown.text})`);
  }

  const mine = logs.filter((e) => e.level === "error" && /moz-extension:/.test(`${e.source?.context ?? ""} ${e.stackTrace?.callFrames?.[0]?.url ?? ""} ${e.text}`));
  check(mine.length === 0, `no error on the options page: ${mine.map((e) => e.text).join(" | ")}`);
} catch (e) {
  check(false, `error: ${e.stack ?? e}`);
} finally {
  await driver.quit().catch(() => {});
  await server.close();
}
finish("options firefox", failures, started);

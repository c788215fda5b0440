// The options page's rules, storage and grant prompt, in real headless Chromium (Playwright
// driving /usr/bin/chromium) with the extension's test build (dist/test/chromium):
//  - an imported list shows its rules and exceptions grouped by site (every-site rules first),
//    its comments kept with the rule after them; the area in use is named;
//  - a line edited, an edit the engine refuses (its reason shown, nothing stored), a line deleted;
//  - bad lines of an imported list reported with their numbers and the engine's reasons;
//  - export (a real download) → delete all → import of that file: the same rules;
//  - a list past storage.sync's quota: saved locally, the page says so, and a clean of a test page
//    applies a rule from it with the reason "your rule …"; a smaller list goes back to sync;
//  - `#grant=<host>`: the prompt, and a bad host refused with a message, not a prompt.
//
//     make extension && node tests/e2e/options-chromium.mjs
import { chromium } from "playwright-core";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CHROMIUM, chromiumArgs, cleanTab } from "./browsers.mjs";
import { checker, finish, waitFor } from "./helpers.mjs";
import { PAGES, ROOT, startServer } from "./server.mjs";
import { LIST, BAD_LIST, bigList, rulesFromStorage } from "./options-shared.mjs";

const EXTENSION = path.join(ROOT, "dist/test/chromium");
const started = Date.now();
const { failures, check } = checker();

if (!fs.existsSync(path.join(EXTENSION, "manifest.json"))) {
  console.error(`options chromium: ${EXTENSION} is missing: run make extension first`);
  process.exit(1);
}

const server = await startServer();
const profile = fs.mkdtempSync(path.join(os.tmpdir(), "newslens-options-chromium-"));
const downloads = fs.mkdtempSync(path.join(os.tmpdir(), "newslens-options-downloads-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  acceptDownloads: true,
  downloadsPath: downloads,
  args: [...chromiumArgs({ proxyPort: server.port }), `--disable-extensions-except=${EXTENSION}`, `--load-extension=${EXTENSION}`],
});
try {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
  const id = new URL(worker.url()).host;
  const storage = () => worker.evaluate(async () => ({ sync: await chrome.storage.sync.get(null), local: await chrome.storage.local.get(null) }));
  const stored = async () => rulesFromStorage(await storage());

  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(`chrome-extension://${id}/options.html`);
  await page.waitForSelector("#no-rules");
  check(/sync storage/.test(await page.textContent("#storage-area")), `the area in use is named: ${await page.textContent("#storage-area")}`);

  // ---- Import (pasted), grouped by site.
  await page.fill("#import-text", LIST.join("\n"));
  await page.click("#import-paste");
  await page.waitForSelector("section.group[data-site='example.com']");
  const first = await page.$$eval("#import-problems li", (lis) => lis.map((li) => li.textContent));
  // The engine takes `#@#` exceptions: the list imports whole.
  const exceptions = true;
  check(exceptions ? first.length === 0 : first.length === 1 && /^line 6: /.test(first[0]), `the import reports nothing else: ${first.join(" | ")}`);
  const expected = exceptions ? LIST : LIST.filter((line) => !line.includes("#@#"));
  check(JSON.stringify(await stored()) === JSON.stringify(expected), `the imported list is stored as it was, comments included: ${JSON.stringify(await stored())}`);
  const groups = await page.$$eval("section.group", (sections) =>
    sections.map((s) => ({ site: s.dataset.site, title: s.querySelector("h3").textContent, rules: [...s.querySelectorAll("li.rule")].map((li) => ({ rule: li.dataset.rule, kind: li.querySelector(".kind")?.textContent, comments: [...li.querySelectorAll(".comment")].map((c) => c.textContent) })) })),
  );
  check(groups[0]?.site === "" && groups[0].title === "Every site" && groups[0].rules[0]?.rule === "##.newsletter-box", `every-site rules come first, in their own group: ${JSON.stringify(groups[0])}`);
  const example = groups.find((g) => g.site === "example.com");
  check(example?.rules.length === 2 && example.rules[0].comments[0] === "! the promo rail", `example.com's two rules, the comment with the first: ${JSON.stringify(example)}`);
  const org = groups.find((g) => g.site === "news.example.org");
  if (exceptions) check(org?.rules[0]?.kind === "exception", `an exception is marked as one: ${JSON.stringify(org)}`);
  check(groups.some((g) => g.site === "127.0.0.1"), "127.0.0.1's rule has its group");

  // ---- Edit, a refused edit, delete.
  const promo = page.locator("li.rule[data-rule='example.com##.promo'] input.rule-text");
  await promo.fill("example.com##.promo-box");
  await promo.press("Enter");
  await page.waitForSelector("li.rule[data-rule='example.com##.promo-box']");
  let rules = await stored();
  check(rules.includes("example.com##.promo-box") && !rules.includes("example.com##.promo"), "an edited line is stored");
  check(rules.indexOf("! the promo rail") === rules.indexOf("example.com##.promo-box") - 1, "its comment stays with it");
  const rail = page.locator("li.rule[data-rule='example.com##aside.rail']");
  await rail.locator("input.rule-text").fill("example.com##aside[[[");
  await rail.locator("input.rule-text").press("Enter");
  await page.waitForFunction(() => document.querySelector("li.rule[data-rule='example.com##aside.rail'] .problem")?.textContent);
  const why = await rail.locator(".problem").textContent();
  check(/selector/i.test(why), `a refused edit shows the engine's reason: ${why}`);
  check((await stored()).includes("example.com##aside.rail"), "a refused edit stores nothing");
  await rail.locator("button.delete").click();
  await page.waitForFunction(() => !document.querySelector("li.rule[data-rule='example.com##aside.rail']"));
  rules = await stored();
  check(!rules.includes("example.com##aside.rail") && rules.length === expected.length - 1, `a deleted line is gone (${rules.length} lines)`);

  // ---- Bad lines of an import, by number.
  await page.fill("#import-text", BAD_LIST.join("\n"));
  await page.click("#import-paste");
  await page.waitForSelector("#import-problems li");
  const problems = await page.$$eval("#import-problems li", (lis) => lis.map((li) => li.textContent));
  check(problems.length === 2, `two bad lines reported: ${problems.join(" | ")}`);
  check(/^line 3: .*selector/i.test(problems[0] ?? ""), `the bad selector on line 3 is named: ${problems[0]}`);
  check(/^line 5: /.test(problems[1] ?? ""), `the line that is no rule (5) is named: ${problems[1]}`);
  rules = await stored();
  check(rules.includes("good.example##.ok") && !rules.some((r) => r.includes("[[[")), "the good lines of that list are imported, the bad ones not");

  // ---- Export → delete all → import the file: the same rules.
  const before = await stored();
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#rules-export")]);
  const file = path.join(downloads, "exported.txt");
  await download.saveAs(file);
  check(download.suggestedFilename() === "newslens-rules.txt", `the download is named ${download.suggestedFilename()}`);
  const exported = fs.readFileSync(file, "utf8");
  check(exported === `${before.join("\n")}\n`, "the export is the stored list, a line each, comments included");
  await page.click("#rules-clear");
  check((await stored()).length === before.length, "one click on Delete all deletes nothing yet");
  await page.click("#rules-clear");
  await page.waitForSelector("#no-rules");
  check((await stored()).length === 0, "a second click deletes all");
  await page.setInputFiles("#import-file", file);
  await page.waitForSelector("section.group[data-site='example.com']");
  const after = await stored();
  check(JSON.stringify(after) === JSON.stringify(before), `export → clear → import gives the same rules (${after.length} of ${before.length} lines)`);

  // ---- Past the sync quota: local, said, and still applied.
  const big = bigList();
  await page.check("input[name=import-mode][value=replace]");
  await page.fill("#import-text", big.join("\n"));
  await page.click("#import-paste");
  await page.waitForFunction(() => document.getElementById("storage-area").dataset.area === "local", null, { timeout: 60000 });
  const area = await page.textContent("#storage-area");
  check(/this computer only.*full/.test(area), `the page says the rules are on this computer only, sync full: ${area}`);
  const areas = await storage();
  check(areas.local["rules.count"] > 0 && JSON.stringify(areas.sync).length < 102400, "the list is in storage.local; sync within its quota");
  check(JSON.stringify(await stored()) === JSON.stringify(big), `all ${big.length} lines are kept`);
  const url = server.origin + PAGES.find((p) => p.name === "en-climate").path;
  const article = await context.newPage();
  await article.goto(url);
  const report = await cleanTab(worker, url);
  check(!report.error, `the clean works: ${report.error}`);
  check(report.edits?.some((e) => e.reason === "your rule: 127.0.0.1##.story__dek"), `the rule's removal has the reason "your rule …": ${report.warnings}`);
  check(await article.evaluate(() => !document.querySelector(".story__dek")), "the element the rule selects is gone");
  await article.close();
  // The background recorded what the rule matched; the options page shows it next to the rule.
  await waitFor(async () => (await storage()).local.ruleMatches?.["127.0.0.1##.story__dek"]?.count === 1, { what: "the match count recorded", timeout: 5000 }).catch(() => {});
  const recorded = (await storage()).local.ruleMatches?.["127.0.0.1##.story__dek"];
  check(recorded?.count === 1 && recorded.host === "127.0.0.1", `the clean recorded what the rule matched: ${JSON.stringify(recorded)}`);
  await page.reload();
  await page.waitForSelector("li.rule[data-rule='127.0.0.1##.story__dek']");
  const shown = await page.textContent("li.rule[data-rule='127.0.0.1##.story__dek'] .count");
  check(shown === "1 on the last clean of 127.0.0.1", `the options page shows the count: "${shown}"`);
  await page.check("input[name=import-mode][value=replace]");
  // Small again: back in sync.
  await page.fill("#import-text", LIST.join("\n"));
  await page.click("#import-paste");
  await page.waitForFunction(() => document.getElementById("storage-area").dataset.area === "sync", null, { timeout: 20000 });
  const back = await storage();
  check(back.sync["rules.count"] === 1 && !("rules.count" in back.local), "a list that fits goes back to sync, the local copy gone");
  check(JSON.stringify(await stored()) === JSON.stringify(expected), "and it is the new list");

  // ---- #grant=<host>.
  const grant = await context.newPage();
  grant.on("pageerror", (e) => errors.push(e.message));
  await grant.goto(`chrome-extension://${id}/options.html#grant=news.example.com`);
  await grant.waitForSelector("#grant:not([hidden])");
  check((await grant.textContent("#grant-title")) === "Clean news.example.com automatically?", `the prompt asks: ${await grant.textContent("#grant-title")}`);
  check(/permission to read pages on news\.example\.com/.test(await grant.textContent("#grant-text")), "the prompt says what permission");
  check(await grant.isVisible("#grant-allow"), "the prompt has its button");
  for (const bad of ["https://evil.example/path", "<img src=x onerror=alert(1)>", "example.com:8080", ""]) {
    await grant.goto(`chrome-extension://${id}/options.html#grant=${encodeURIComponent(bad)}`);
    await grant.reload();
    await grant.waitForSelector("#grant:not([hidden])");
    const shown = await grant.evaluate(() => ({
      bad: document.getElementById("grant").classList.contains("bad"),
      button: !document.getElementById("grant-buttons").hidden,
      text: document.getElementById("grant-text").textContent,
      img: !!document.querySelector("#grant img"),
    }));
    check(shown.bad && !shown.button && /not a site name/.test(shown.text) && !shown.img, `#grant=${bad}: an error, no prompt (${shown.text})`);
  }
  // The request itself is real: the origins asked for are ones the manifest allows (Chromium
  // otherwise rejects it at once). Headless Chromium can't show its permission dialog, so the
  // request stays pending; the browser's answer is then stood in for (yes, no) to check what
  // the page does with it. Firefox grants for real (options-firefox.mjs).
  const answer = async (host, granted) => {
    await grant.goto(`chrome-extension://${id}/options.html#grant=${host}`);
    await grant.reload();
    await grant.evaluate((granted) => {
      const real = chrome.permissions.request.bind(chrome.permissions);
      chrome.permissions.request = (request) => {
        window.__asked = request.origins;
        real(request).catch((e) => (window.__rejected = e.message));
        return new Promise((resolve) => setTimeout(() => resolve(granted), 1000));
      };
    }, granted);
    await grant.click("#grant-allow");
    await grant.waitForFunction(() => document.getElementById("grant-result").textContent, null, { timeout: 10000 });
    return grant.evaluate(() => ({ asked: window.__asked, rejected: window.__rejected ?? null, result: document.getElementById("grant-result").textContent }));
  };
  const refused = await answer("refused.example", false);
  check(refused.rejected === null, `Chromium takes the request (origins the manifest allows): ${refused.rejected}`);
  check(/did not give access to refused\.example/.test(refused.result), `a refusal is said: ${refused.result}`);
  check(!(await storage()).sync.autoCleanSites?.includes("refused.example"), "a refused site is not listed");
  const granted = await answer("www.granted.example", true);
  const origins = ["http://granted.example/*", "http://*.granted.example/*", "https://granted.example/*", "https://*.granted.example/*"];
  check(JSON.stringify(granted.asked) === JSON.stringify(origins), `the site's origins are asked for: ${JSON.stringify(granted.asked)}`);
  check(granted.rejected === null, `Chromium takes that request: ${granted.rejected}`);
  check(/granted\.example/.test(granted.result) && !/did not/.test(granted.result), `a grant is said: ${granted.result}`);
  check((await storage()).sync.autoCleanSites?.includes("granted.example"), "a granted site is added to auto-clean");
  check(await grant.isVisible("#auto-list li >> text=granted.example"), "and listed on the page");
  await grant.close();

  check(errors.length === 0, `no error on the options page: ${errors.join(" | ")}`);
  await page.close();
} catch (e) {
  check(false, `error: ${e.stack ?? e}`);
} finally {
  await context.close();
  await server.close();
}
finish("options chromium", failures, started);

// What the end-to-end runners share beyond the test server (server.mjs) and the browsers'
// start (browsers.mjs): waiting, checking, the video-player test, the playground's server.
import fs from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import { ROOT } from "./server.mjs";

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** `promise`, or a rejection naming `what` after `ms`. */
export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Polls `fn` until it returns a truthy value, which it returns; an exception counts as "not
 * yet" (the page may be loading). Throws on timeout, with the last exception if there was one.
 */
export async function waitFor(fn, { timeout = 10000, interval = 50, what = "condition" } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    let value = null;
    let error = null;
    try {
      value = await fn();
    } catch (e) {
      error = e;
    }
    if (value) return value;
    if (Date.now() > end) {
      throw new Error(`timed out after ${timeout} ms waiting for ${what}${error ? ` (last: ${error.message})` : ""}`);
    }
    await sleep(interval);
  }
}

/** Where two strings first differ, with `around` characters of each on both sides. */
export function firstDifference(a, b, around = 60) {
  let at = 0;
  while (at < a.length && a[at] === b[at]) at++;
  return { at, a: a.slice(Math.max(0, at - around), at + around), b: b.slice(Math.max(0, at - around), at + around) };
}

/**
 * Video players that must not be left in a cleaned page, tested on an address's host name and
 * path (`${url.hostname}${url.pathname}`): the providers' hosts, Facebook's video plugin, and
 * any `player.` host.
 */
export const VIDEO_PLAYER =
  /^(?:(?:[\w-]+\.)*(?:youtube\.com|youtube-nocookie\.com|youtu\.be|vimeo\.com|dailymotion\.com|bilibili\.com|v\.qq\.com|youku\.com|twitch\.tv|ted\.com)(?:\/|$)|(?:[\w-]+\.)*facebook\.com\/plugins\/video|player\.)/i;

/**
 * Run in the cleaned sticky test page (server.mjs; the runners evaluate it there, so it uses
 * nothing from this module): what is still wrong. Nothing may compute to `position: fixed` or
 * `sticky` but Newslens's own UI (its shadow host); the floating player is a card; the slide-in
 * is gone; the sticky masthead stayed, made static.
 */
export function stickyProblems() {
  const problems = [];
  for (const el of document.querySelectorAll("*")) {
    if (el.localName === "newslens-ui") continue;
    const position = getComputedStyle(el).position;
    if (position === "fixed" || position === "sticky") {
      problems.push(`<${el.localName} class="${el.getAttribute("class") ?? ""}"> is still ${position}`);
    }
  }
  if (document.querySelector("iframe[src*='/player/embed/']")) problems.push("the floating player is still a frame");
  if (!document.querySelector("newslens-embed")) problems.push("the floating player has no card");
  if (document.querySelector(".slide-in")) problems.push("the subscribe slide-in is still in the page");
  if (!document.querySelector(".site-header .logo")) problems.push("the masthead's site name is gone");
  return problems;
}

/** `{ failures, check }`: `check(ok, what)` prints one line per check and keeps the failures. */
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

/** Prints the run's last line, `name: ok (N s)` or `name: N FAILED (N s)`, and sets the exit code. */
export function finish(name, failures, started) {
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (failures.length) {
    console.log(`${name}: ${failures.length} FAILED (${secs} s)`);
    process.exit(1);
  }
  console.log(`${name}: ok (${secs} s)`);
}

/** The playground as `make www` builds it. */
export const WWW_DIST = path.join(ROOT, "dist/www");

/** Serves the playground (dist/www) with scripts/serve.py on a free port; resolves `{ origin, log, stop() }`. */
export async function startSite() {
  if (!fs.existsSync(path.join(WWW_DIST, "index.html"))) {
    throw new Error(`${WWW_DIST}/index.html is missing: run \`make www\` first`);
  }
  const child = spawn("python3", [path.join(ROOT, "scripts/serve.py"), "--dir", WWW_DIST], {
    env: { ...process.env, PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log = [];
  child.stderr.on("data", (d) => log.push(String(d)));
  // The server goes with the test, however the test ends.
  process.on("exit", () => child.kill());
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

/** The number of edits a report's counts add up to (every kind; not the refused removals). */
export function editCount(report) {
  return Object.entries(report?.stats ?? {})
    .filter(([kind]) => kind !== "guarded" && kind !== "elapsedMs")
    .reduce((sum, [, n]) => sum + n, 0);
}

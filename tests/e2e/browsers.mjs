// How the end-to-end runners start their browsers: headless, with the test proxy (server.mjs,
// `startServer` or `startProxy`) as the proxy for everything that would leave 127.0.0.1, and the
// browser's own traffic (updates, telemetry, safe browsing, sync, …) switched off or sent to a
// dead local port, since the proxy log would take it for the extension's or the playground's.
// What a runner needs beyond that (an extension, a profile, a language) stays in the runner.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Builder } from "selenium-webdriver";
import firefox from "selenium-webdriver/firefox.js";
import { withTimeout } from "./helpers.mjs";

/** The Chromium that Playwright drives (Debian's package). */
export const CHROMIUM = "/usr/bin/chromium";

/**
 * Chromium's command line: every request that would leave 127.0.0.1 goes to the proxy on
 * `proxyPort`; the browser's own services are off or pointed at a dead local port (see
 * shared/TOOLCHAIN.md).
 */
export function chromiumArgs({ proxyPort }) {
  return [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    `--proxy-server=http://127.0.0.1:${proxyPort}`,
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--gaia-url=http://127.0.0.1:9",
    "--component-updater=url-source=http://127.0.0.1:9",
    "--autofill-server-url=http://127.0.0.1:9/",
  ];
}

// Firefox's own traffic, switched off.
const QUIET_PREFS = {
  "services.settings.server": "http://127.0.0.1:9/v1", // with MOZ_REMOTE_SETTINGS_DEVTOOLS=1
  "app.update.auto": false,
  "app.update.checkInstallTime": false,
  "app.update.disabledForTesting": true,
  "app.normandy.enabled": false,
  "app.normandy.api_url": "",
  "app.shield.optoutstudies.enabled": false,
  "messaging-system.rsexperimentloader.enabled": false,
  "toolkit.telemetry.enabled": false,
  "toolkit.telemetry.unified": false,
  "toolkit.telemetry.server": "",
  "toolkit.telemetry.archive.enabled": false,
  "datareporting.healthreport.uploadEnabled": false,
  "datareporting.policy.dataSubmissionEnabled": false,
  "network.captive-portal-service.enabled": false,
  "network.connectivity-service.enabled": false,
  "network.trr.mode": 5,
  "network.dns.disablePrefetch": true,
  "network.prefetch-next": false,
  "network.predictor.enabled": false,
  "network.http.speculative-parallel-limit": 0,
  "browser.safebrowsing.malware.enabled": false,
  "browser.safebrowsing.phishing.enabled": false,
  "browser.safebrowsing.downloads.enabled": false,
  "browser.safebrowsing.downloads.remote.enabled": false,
  "browser.safebrowsing.blockedURIs.enabled": false,
  "browser.safebrowsing.provider.google4.updateURL": "",
  "browser.safebrowsing.provider.google.updateURL": "",
  "browser.safebrowsing.provider.mozilla.updateURL": "",
  "dom.push.enabled": false,
  "dom.push.connection.enabled": false,
  "extensions.update.enabled": false,
  "extensions.getAddons.cache.enabled": false,
  "extensions.blocklist.enabled": false,
  "extensions.systemAddon.update.enabled": false,
  "browser.search.update": false,
  "browser.region.update.enabled": false,
  "browser.region.network.url": "",
  "geo.provider.network.url": "",
  "browser.newtabpage.enabled": false,
  "browser.newtabpage.activity-stream.feeds.telemetry": false,
  "browser.newtabpage.activity-stream.telemetry": false,
  "browser.newtabpage.activity-stream.feeds.section.topstories": false,
  "browser.newtabpage.activity-stream.feeds.system.topstories": false,
  "browser.topsites.contile.enabled": false,
  "browser.ping-centre.telemetry": false,
  "browser.startup.page": 0,
  "browser.startup.homepage": "about:blank",
  "identity.fxaccounts.enabled": false,
  "media.gmp-manager.url": "",
  "media.gmp-gmpopenh264.enabled": false,
  "security.OCSP.enabled": 0,
  "security.remote_settings.crlite_filters.enabled": false,
  "security.remote_settings.intermediates.enabled": false,
};

/**
 * Options for a headless Firefox with WebDriver BiDi: HTTP and HTTPS go to the proxy on
 * `proxyPort`, except 127.0.0.1 itself, which goes direct; Firefox's own traffic is off; the UI
 * is in `locale` if one is given (its language pack must be installed). A runner adds its own
 * preferences to what this returns.
 */
export function firefoxOptions({ proxyPort, locale = null }) {
  const options = new firefox.Options().addArguments("-headless").enableBidi();
  const prefs = {
    "network.proxy.type": 1,
    "network.proxy.http": "127.0.0.1",
    "network.proxy.http_port": proxyPort,
    "network.proxy.ssl": "127.0.0.1",
    "network.proxy.ssl_port": proxyPort,
    "network.proxy.share_proxy_settings": false,
    "network.proxy.allow_hijacking_localhost": false,
    "network.proxy.no_proxies_on": "",
    ...QUIET_PREFS,
  };
  if (locale) prefs["intl.locale.requested"] = locale;
  for (const [name, value] of Object.entries(prefs)) options.setPreference(name, value);
  return options;
}

/** geckodriver, on PATH or where `cargo install geckodriver` puts it. */
function findGeckodriver() {
  for (const dir of [...(process.env.PATH ?? "").split(":"), path.join(os.homedir(), ".cargo/bin")]) {
    const exe = path.join(dir, "geckodriver");
    if (dir && fs.existsSync(exe)) return exe;
  }
  throw new Error("geckodriver not found on PATH or in ~/.cargo/bin (cargo install geckodriver)");
}

/**
 * Starts Firefox with `options` through geckodriver; resolves the WebDriver. `systemAccess`
 * lets scripts run in the browser's chrome context. MOZ_REMOTE_SETTINGS_DEVTOOLS=1 is what lets
 * the preferences point remote settings at a dead port.
 */
export function startFirefox(options, { systemAccess = false } = {}) {
  const service = new firefox.ServiceBuilder(findGeckodriver()).setEnvironment({
    ...process.env,
    MOZ_REMOTE_SETTINGS_DEVTOOLS: "1",
  });
  if (systemAccess) service.addArguments("--allow-system-access");
  return new Builder().forBrowser("firefox").setFirefoxOptions(options).setFirefoxService(service).build();
}

/**
 * The extension's service worker in a Chromium context, with its errors (uncaught, unhandled
 * rejections) collected in `self.__errors` from now on.
 */
export async function extensionWorker(context) {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
  await worker.evaluate(() => {
    self.__errors = [];
    self.addEventListener("error", (e) => self.__errors.push(String(e.message)));
    self.addEventListener("unhandledrejection", (e) => self.__errors.push(String(e.reason?.message ?? e.reason)));
  });
  return worker;
}

/**
 * Calls the test build's hook `name` (`globalThis.newslens[name](tabId)` in the service worker)
 * on the tab showing `url`; resolves its answer, or `{ error }`.
 */
export function testHook(worker, name, url) {
  return worker.evaluate(
    async ([name, url]) => {
      const [tab] = await chrome.tabs.query({ url });
      if (!tab) return { error: `no tab shows ${url}` };
      try {
        return await globalThis.newslens[name](tab.id);
      } catch (e) {
        return { error: String(e?.message ?? e) };
      }
    },
    [name, url],
  );
}

/** Runs what the toolbar click runs on the tab showing `url`; resolves the clean's report, or
 * `{ error }`. */
export function cleanTab(worker, url) {
  return testHook(worker, "cleanTab", url);
}

/** Sends a WebDriver BiDi command on `b.bidi`; resolves its result, rejects on an error. */
export async function bidiSend(b, method, params, timeout = 30000) {
  const res = await withTimeout(b.bidi.send({ method, params }), timeout, method);
  if (res.type !== "success") throw new Error(`${method}: ${res.error}: ${res.message}`);
  return res.result;
}

/**
 * Runs `fn(...args)` in a browsing context's main world (BiDi script.callFunction) and returns
 * its JSON result. Arguments and result go through JSON. `userActivation`: the call counts as a
 * user gesture (what a click would allow, e.g. a permission request).
 */
export async function callIn(b, context, fn, args = [], { timeout = 30000, userActivation = false } = {}) {
  const res = await bidiSend(
    b,
    "script.callFunction",
    {
      functionDeclaration: `async function (json) { const r = await (${fn})(...JSON.parse(json)); return JSON.stringify(r === undefined ? null : r); }`,
      target: { context },
      awaitPromise: true,
      arguments: [{ type: "string", value: JSON.stringify(args) }],
      resultOwnership: "none",
      ...(userActivation ? { userActivation: true } : {}),
    },
    timeout,
  );
  if (res.type === "exception") {
    const d = res.exceptionDetails;
    throw new Error(`in ${context === b.ext ? "extension page" : "page"}: ${d.text}`);
  }
  return JSON.parse(res.result.value);
}

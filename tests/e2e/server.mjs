// The end-to-end tests' web server, on 127.0.0.1, which is also the browsers' HTTP/HTTPS proxy.
//
// As a web server it serves the test pages (the bundled samples, the seed article, the seed
// again under a strict CSP, corpus pages). As a proxy it serves nothing: every request that
// would leave the machine reaches it instead, is logged in `external`, and fails. The runners
// route the pages' own requests away from it (Chromium) or compare with a plain page load
// (Firefox), so what is left in the log is what the browser or the extension asked for. The
// playground's runners (www-*.mjs) use the proxy alone (`startProxy`).
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const CORPUS = path.resolve(process.env.NEWSLENS_CORPUS ?? path.join(ROOT, "../shared/corpus"));
export const STRICT_CSP = "default-src 'none'; img-src *; style-src 'unsafe-inline'";

const sample = (name) => ({
  name,
  path: `/samples/${name}.html`,
  file: path.join(ROOT, "data/samples", `${name}.html`),
  sample: true,
});
const corpus = (slug) => ({
  name: slug,
  path: `/corpus/${slug}/`,
  file: path.join(CORPUS, "readability", slug, "source.html"),
});

/** Every page the end-to-end tests open, with what it is expected to show. */
export const PAGES = [
  { ...sample("en-climate"), boilerplate: true, embeds: true, terms: true, outline: true },
  { ...sample("en-markets"), boilerplate: true, embeds: true, terms: true, outline: true },
  { ...sample("zh-chips"), boilerplate: true, embeds: true, terms: true, outline: true },
  {
    name: "seed",
    path: "/seed/",
    file: path.join(CORPUS, "seed/voa-deepseek/source.html"),
    boilerplate: true,
    embeds: true,
    terms: true,
    outline: true,
    restore: true,
  },
  {
    name: "seed-csp",
    path: "/seed-csp/",
    file: path.join(CORPUS, "seed/voa-deepseek/source.html"),
    csp: STRICT_CSP,
    boilerplate: true,
    embeds: true,
  },
  { ...corpus("embedded-videos"), embeds: true },
  { ...corpus("videos-1"), embeds: true },
  { ...corpus("social-buttons"), boilerplate: true },
  corpus("qq"),
  corpus("nytimes-1"),
  corpus("cnn"),
];

/**
 * Starts a proxy that forwards nothing, on a free port of 127.0.0.1: every request that reaches
 * it as a proxy (plain HTTP by absolute address, HTTPS by CONNECT) would have left the machine,
 * and is logged in `external` as `{ method, target, at }`, and refused. Other requests go to
 * `serve(req, res)`; without it, they are logged and refused too. Resolves
 * `{ origin, port, external, close() }`.
 */
export async function startProxy(serve = null) {
  const external = [];
  const server = http.createServer((req, res) => {
    if (serve && !/^https?:\/\//.test(req.url)) {
      serve(req, res);
      return;
    }
    external.push({ method: req.method, target: req.url, at: Date.now() });
    res.writeHead(502, { "Content-Type": "text/plain" });
    res.end("blocked by the Newslens test proxy");
  });
  server.on("connect", (req, socket) => {
    external.push({ method: "CONNECT", target: req.url, at: Date.now() });
    socket.end("HTTP/1.1 502 Bad Gateway\r\n\r\n");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    external,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(resolve);
      }),
  };
}

/** The host a request in a proxy's `external` log was for. */
export function hostOf(entry) {
  if (entry.method === "CONNECT") return entry.target.replace(/:\d+$/, "").replace(/^\[|\]$/g, "");
  try {
    return new URL(entry.target).hostname;
  } catch {
    return entry.target;
  }
}

/**
 * Starts the test server, the proxy that also serves PAGES, on a free port. Resolves
 * `{ origin, port, external, close() }`; `external` lists every request that tried to leave
 * 127.0.0.1.
 */
export function startServer() {
  const byPath = new Map(PAGES.map((p) => [p.path, p]));
  return startProxy((req, res) => {
    const page = byPath.get(req.url.split("?")[0]);
    if (!page) {
      res.writeHead(404, { "Content-Type": "text/plain" });
      res.end("not found");
      return;
    }
    const headers = { "Content-Type": "text/html", "Cache-Control": "no-store" };
    if (page.csp) headers["Content-Security-Policy"] = page.csp;
    res.writeHead(200, headers);
    res.end(fs.readFileSync(page.file)); // bytes as stored: the page's <meta> names its charset
  });
}

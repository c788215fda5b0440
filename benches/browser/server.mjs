// The browser benchmark's web server, on 127.0.0.1 (an ephemeral port). It serves:
//   /                      the benchmark page (index.html) and /bench.js
//   /decode.js             the playground's www/decode.js (page bytes to text, as the CLI reads them)
//   /pkg/…                 the wasm-bindgen package (target/wasm-pkg: newslens.js, newslens_bg.wasm)
//   /packs/list.json       the names of the glossary packs (data/glossary/*.json)
//   /packs/<name>.json     a glossary pack, which the engine is given as text
//   /readability.js        @mozilla/readability's Readability.js (a classic script: global `Readability`)
//   /corpus/list.json      the corpus pages, `seed`, `readability`, `zh`, each sorted by name
//   /corpus/<group>/<name> a page's source.html, as bytes (the page decodes them)
// Every response is sent with COOP/COEP, so that the page is cross-origin isolated and
// `performance.now()` has its fine resolution (5 µs in Chromium instead of 100 µs).
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, "../..");
export const CORPUS = path.resolve(process.env.NEWSLENS_CORPUS ?? path.join(ROOT, "../shared/corpus"));
const PKG = path.join(ROOT, "target/wasm-pkg");
const READABILITY = path.join(ROOT, "node_modules/@mozilla/readability/Readability.js");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
};

/** The corpus pages as `{ page: "group/name", bytes }`, in the order of benches/scaling.rs. */
export function corpusPages() {
  const out = [];
  for (const group of ["seed", "readability", "zh"]) {
    const dir = path.join(CORPUS, group);
    if (!fs.existsSync(dir)) continue;
    const names = fs
      .readdirSync(dir)
      .filter((n) => fs.existsSync(path.join(dir, n, "source.html")))
      .sort(); // byte order, as Rust's sort of Strings
    for (const name of names) {
      out.push({ page: `${group}/${name}`, bytes: fs.statSync(path.join(dir, name, "source.html")).size });
    }
  }
  return out;
}

function fileFor(urlPath) {
  if (urlPath === "/" || urlPath === "/index.html") return path.join(HERE, "index.html");
  if (urlPath === "/bench.js") return path.join(HERE, "bench.js");
  if (urlPath === "/decode.js") return path.join(ROOT, "www/decode.js");
  if (urlPath === "/readability.js") return READABILITY;
  if (urlPath.startsWith("/pkg/")) return path.join(PKG, path.basename(urlPath));
  if (/^\/packs\/[\w-]+\.json$/.test(urlPath)) return path.join(ROOT, "data/glossary", path.basename(urlPath));
  const m = /^\/corpus\/(seed|readability|zh)\/([^/]+)$/.exec(urlPath);
  if (m && !m[2].startsWith(".")) return path.join(CORPUS, m[1], m[2], "source.html");
  return null;
}

/** Starts the server; resolves to `{ origin, close() }`. */
export function startServer() {
  const server = http.createServer((req, res) => {
    const headers = {
      "Cross-Origin-Opener-Policy": "same-origin",
      "Cross-Origin-Embedder-Policy": "require-corp",
      "Cache-Control": "no-store",
    };
    const urlPath = decodeURIComponent(new URL(req.url, "http://127.0.0.1").pathname);
    if (urlPath === "/corpus/list.json") {
      res.writeHead(200, { ...headers, "Content-Type": TYPES[".json"] });
      res.end(JSON.stringify(corpusPages()));
      return;
    }
    if (urlPath === "/packs/list.json") {
      const names = fs.readdirSync(path.join(ROOT, "data/glossary")).filter((f) => f.endsWith(".json"));
      res.writeHead(200, { ...headers, "Content-Type": TYPES[".json"] });
      res.end(JSON.stringify(names.sort().map((f) => f.slice(0, -".json".length))));
      return;
    }
    if (urlPath === "/favicon.ico") {
      res.writeHead(204, headers);
      res.end();
      return;
    }
    const file = fileFor(urlPath);
    if (!file || !fs.existsSync(file)) {
      res.writeHead(404, headers);
      res.end("not found");
      return;
    }
    const type = file.endsWith("source.html")
      ? "application/octet-stream"
      : TYPES[path.extname(file)] ?? "application/octet-stream";
    res.writeHead(200, { ...headers, "Content-Type": type });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({ origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

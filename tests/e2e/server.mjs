// The end-to-end tests' web server, on 127.0.0.1, which is also the browsers' HTTP/HTTPS proxy.
//
// As a web server it serves the test pages (the bundled samples, the seed article, the seed
// again under a strict CSP, corpus pages, a page of sticky and fixed clutter and its dummy player). As a proxy it serves nothing: every request that
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

/**
 * A news page whose clutter stays on screen by the page's stylesheet, which the engine can't see
 * (issue 11, item 4): a sticky masthead, a floating video player in the article (a frame to this
 * server's dummy player), a "subscribe" slide-in fixed at the bottom. The content script reports
 * them as fixed/sticky. `origin` is the server's, so the player's address is absolute.
 */
function stickyPage(origin) {
  const paragraph = (text) => `<p>${text}</p>`;
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Central bank holds rates steady - Example News</title>
<style>
body { margin: 0; font: 18px/1.6 serif; }
.site-header { position: sticky; top: 0; background: #fff; border-bottom: 1px solid #ccc; padding: 8px; }
article { max-width: 40em; margin: 0 auto; }
.floating-video { position: fixed; right: 16px; bottom: 16px; width: 320px; height: 180px; background: #000; }
.floating-video iframe { width: 100%; height: 100%; border: 0; }
.slide-in { position: fixed; left: 0; bottom: 0; width: 50%; background: #ffd; padding: 8px; }
</style></head><body>
<header class="site-header"><a class="logo" href="/">Example News</a> <nav><a href="/world">World</a> <a href="/business">Business</a> <a href="/tech">Technology</a> <a href="/sport">Sport</a></nav></header>
<main><article>
<h1>Central bank holds rates steady as inflation cools</h1>
<p class="byline">By A. Reporter</p>
<div class="floating-video"><iframe src="${origin}/player/embed/1?autoplay=1" title="Live: the press conference"></iframe></div>
${[
  "The central bank left its main interest rate unchanged on Tuesday, saying that inflation had cooled faster than it expected over the winter but that the labour market remained tight.",
  "Officials said they would watch wages closely in the coming months before deciding whether to cut rates, a move that markets had priced in for the summer after a run of weaker data.",
  "Inflation fell to 2.4 percent in February, its lowest level in three years, while unemployment stayed at 3.9 percent for the fourth month in a row, the statistics office said last week.",
  "Analysts said the decision was widely expected and that the bank's statement left the door open to a cut in June if prices kept slowing at the pace of the last three months.",
  "The governor told reporters that the bank would not be rushed, and that a single good month of data was not enough to declare victory over the price rises of the last two years.",
]
  .map(paragraph)
  .join("\n")}
</article></main>
<div class="slide-in"><p>Subscribe to our newsletter</p><form><input type="email" name="email"> <button type="button">Sign up</button></form></div>
</body></html>
`;
}

/** The dummy video player the sticky page embeds (a local page: nothing leaves the machine). */
const PLAYER_PAGE = "<!DOCTYPE html><html><head><title>Player</title></head><body>a dummy video player</body></html>";

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
  // Written here, not read from a file: `html(origin)`.
  { name: "sticky", path: "/sticky/", html: stickyPage, boilerplate: true, embeds: true, sticky: true },
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
    const route = req.url.split("?")[0];
    if (route.startsWith("/player/embed/")) {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
      res.end(PLAYER_PAGE);
      return;
    }
    const page = byPath.get(route);
    if (!page) {
      res.writeHead(404, { "Content-Type": "text/plain" });
      res.end("not found");
      return;
    }
    const headers = { "Content-Type": "text/html", "Cache-Control": "no-store" };
    if (page.csp) headers["Content-Security-Policy"] = page.csp;
    res.writeHead(200, headers);
    // Bytes as stored: the page's <meta> names its charset.
    res.end(page.html ? page.html(`http://${req.headers.host}`) : fs.readFileSync(page.file));
  });
}

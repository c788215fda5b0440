// The pages the pick-mode runners (pick-chromium.mjs, pick-firefox.mjs) open, written here, and
// the server that serves them: the e2e server's proxy (server.mjs `startProxy`), so anything
// leaving 127.0.0.1 is logged as in the other runners.
//
//  /pick/article/     a news article with boilerplate the engine removes (a share bar, a
//                     "related" list, a site menu) and things it keeps that a reader may not
//                     want: a `.promo-rail` beside the article, a `.reader-poll` box and a
//                     event badge (`figure.event-badge`, no text) in it
//  /pick/components/  the article plus a custom element with its own (declarative, open)
//                     shadow root and a same-origin frame: their insides are refused
//  /pick/csp/         the article under `default-src 'none'` (no style-src either)
//  /pick/rewrite/     a page whose script rewrites part of itself every 40 ms
import { startProxy } from "../server.mjs";

const PARAGRAPHS = [
  "The city council voted on Tuesday to turn the old rail yard into a park, ending a decade of arguments over what should be built on the land beside the river.",
  "The plan keeps the two brick engine sheds, which will become a market hall and a workshop for local schools, and adds a footbridge to the neighbourhood on the far bank.",
  "Residents who had campaigned for housing on the site said they were disappointed, but welcomed a promise that a third of the land would be kept for affordable homes later.",
  "Work is expected to begin next spring and to take three years. The council said the cost would be met from the sale of two office buildings it no longer uses.",
  "The mayor said the park would be the largest new green space in the city for half a century, and that it would be open to the public from the first phase onwards.",
];

function article({ extra = "" } = {}) {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Council approves park on old rail yard - Riverside Post</title></head>
<body>
<header class="masthead"><a class="site-name" href="/">Riverside Post</a>
<nav class="site-menu"><a href="/news">News</a> <a href="/sport">Sport</a> <a href="/culture">Culture</a> <a href="/opinion">Opinion</a> <a href="/weather">Weather</a></nav></header>
<div class="page">
<main><article class="story">
<h1 class="headline">Council approves park on old rail yard</h1>
<p class="byline">By Sam Writer</p>
<div class="share-bar"><a href="https://twitter.com/share">Share on Twitter</a> <a href="https://facebook.com/share">Share on Facebook</a> <a href="mailto:?subject=park">Email</a></div>
${PARAGRAPHS.slice(0, 3).map((p) => `<p>${p}</p>`).join("\n")}
<div class="reader-poll"><strong>Quick poll</strong> <span>Would you visit the new park?</span> <button type="button">Yes</button> <button type="button">No</button></div>
<figure class="event-badge"><img class="event-logo" width="300" height="60" alt="" src="data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw=="></figure>
${PARAGRAPHS.slice(3).map((p) => `<p>${p}</p>`).join("\n")}
<p class="note">Correction: an earlier version of this story gave the wrong date for the vote.</p>
${extra}
<section class="related-stories"><h2>Related stories</h2><ul><li><a href="/a">Bridge plan delayed again</a></li><li><a href="/b">River clean-up begins</a></li><li><a href="/c">Market hall to reopen</a></li></ul></section>
</article></main>
<aside class="promo-rail"><h3>Weekend offers</h3><p>Half-price tickets to the riverside theatre this weekend only.</p></aside>
</div>
<footer class="site-footer"><p class="note">Get the morning briefing by email</p><p>© Riverside Post</p><a href="/about">About us</a> <a href="/contact">Contact</a></footer>
</body></html>
`;
}

/** A custom element with an open declarative shadow root (no script needed), and a frame. */
const COMPONENTS = `
<news-widget class="weather-widget"><template shadowrootmode="open"><div class="inner"><p class="forecast">Sunny, 21°C</p><button type="button">Refresh</button></div></template></news-widget>
<iframe class="embedded-box" title="A box in a frame" style="width: 400px; height: 120px" srcdoc="<!DOCTYPE html><p id=inside style='font-size:30px'>Inside the frame</p>"></iframe>
`;

const REWRITE = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Live scores - Riverside Post</title></head>
<body>
<main><article>
<h1>Live: river regatta</h1>
<div id="live" class="live-box"><p class="tick">Update 0</p></div>
${PARAGRAPHS.map((p) => `<p>${p}</p>`).join("\n")}
</article></main>
<script>
let n = 0;
const live = document.getElementById("live");
setInterval(() => {
  n += 1;
  const p = document.createElement("p");
  p.className = "tick";
  p.textContent = "Update " + n;
  live.replaceChildren(p);
}, 40);
</script>
</body></html>
`;

export const PICK_PAGES = {
  "/pick/article/": { html: () => article() },
  "/pick/components/": { html: () => article({ extra: COMPONENTS }) },
  "/pick/csp/": { html: () => article(), csp: "default-src 'none'" },
  "/pick/rewrite/": { html: () => REWRITE },
};

/** Starts the pick pages' server (also the browsers' proxy): `{ origin, port, external, close() }`. */
export function startPickServer() {
  return startProxy((req, res) => {
    const page = PICK_PAGES[req.url.split("?")[0]];
    if (!page) {
      res.writeHead(404, { "Content-Type": "text/plain" });
      res.end("not found");
      return;
    }
    const headers = { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" };
    if (page.csp) headers["Content-Security-Policy"] = page.csp;
    res.writeHead(200, headers);
    res.end(page.html());
  });
}

/**
 * Run in a page (Playwright's `page.evaluate`, BiDi's script.callFunction): what the Newslens UI
 * shows: the pick label and live region, the outline box, the status bar's rows and notice.
 */
export function pickUiState() {
  const root = document.querySelector("newslens-ui")?.shadowRoot;
  if (!root) return null;
  const text = (sel) => root.querySelector(sel)?.textContent ?? null;
  const box = root.querySelector(".pick-box");
  return {
    label: text(".pick-label"),
    live: text(".pick-live"),
    picking: !!root.querySelector(".pick-panel"),
    confirm: root.querySelector(".pick-confirm") ? !root.querySelector(".pick-confirm").hidden : false,
    notice: text(".notice"),
    boxPosition: box ? getComputedStyle(box).position : null,
    boxShown: box ? !box.hidden && box.getBoundingClientRect().width > 0 : false,
    boxTop: box ? Math.round(box.getBoundingClientRect().top) : null,
    focusInUi: document.activeElement?.localName === "newslens-ui",
    rows: [...root.querySelectorAll(".edits li")].map((li) => ({
      id: li.dataset.edit,
      rule: li.dataset.rule,
      restored: li.classList.contains("restored"),
      reason: li.querySelector(".reason")?.textContent ?? "",
      always: !!li.querySelector(".remember-always"),
      never: !!li.querySelector(".remember-never"),
    })),
  };
}

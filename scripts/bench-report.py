#!/usr/bin/env python3
"""The benchmark report (`make bench`, after the benches and the browser run).

Reads
  target/criterion/…/new/estimates.json   criterion: groups corpus, scaling, glossary, glossary-build
  target/bench/native-pages.json          per-page native timings (benches/scaling.rs)
  target/bench/browser.json               per-page timings in headless Chromium (benches/browser/run.mjs)
  target/wasm-pkg/newslens_bg.wasm        the release wasm (`make extension`)
measures the command line's peak resident memory on a 20 MB page (target/release/newslens), and
writes target/bench/report.md, target/bench/scaling.svg and target/bench/pages.svg. The last line
it prints is the machine-readable summary:

  bench: analyze_over_parse=R clean_over_parse=R scaling_16x=R glossary50k_over_none=R
         wasm_kb=N wasm_gz_kb=N browser_over_readability=R peak_rss_over_input_20mb=R

(one line). A figure whose input is missing is printed as NA and the script exits 1.
Criterion times are the median of criterion's samples (this machine is shared and noisy: the
median resists outliers better than the mean). Nothing here is compared with a threshold.

Usage: scripts/bench-report.py [--skip-rss]   (from the project root)
"""
import gzip
import html
import json
import math
import os
import pathlib
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
TARGET = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
CRITERION = TARGET / "criterion"
OUT = TARGET / "bench"
CORPUS = pathlib.Path(os.environ.get("NEWSLENS_CORPUS", ROOT.parent / "shared" / "corpus"))
CLI = TARGET / "release" / "newslens"
WASM = TARGET / "wasm-pkg" / "newslens_bg.wasm"

# The article of the scaling bench and of the memory page: the same rule as benches/scaling.rs.
ARTICLE = "readability/lazy-image-2"
MIN_PARAGRAPH_CHARS = 80
RSS_TARGET_BYTES = 20 * 1024 * 1024
RSS_RUNS = 3
SCALES = [1, 2, 4, 8, 16]

missing = []


def note_missing(what):
    missing.append(what)
    print(f"bench-report: missing {what}", file=sys.stderr)


# --- criterion -------------------------------------------------------------------------------

def crit_ns(*parts):
    """Median time per iteration in ns of a criterion benchmark, or None."""
    path = CRITERION.joinpath(*parts, "new", "estimates.json")
    try:
        return json.loads(path.read_text())["median"]["point_estimate"]
    except (OSError, KeyError, ValueError):
        note_missing(f"criterion {'/'.join(parts)} ({path})")
        return None


def ratio(a, b):
    return a / b if a is not None and b else None


def ms(ns):
    return None if ns is None else ns / 1e6


# --- the scaled article and the 20 MB page -----------------------------------------------------

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def strip_tags(s):
    return re.sub(r"<[^>]*>", "", s)


def paragraphs(source):
    """Every `<p …>…</p>` (to the first `</p` after it) with at least MIN_PARAGRAPH_CHARS
    characters of text, as in the source: `article_paragraphs` of benches/scaling.rs."""
    lower = source.translate(_ASCII_LOWER)  # ASCII only: offsets stay put
    out, start = [], 0
    while True:
        i = lower.find("<p", start)
        if i < 0:
            break
        if i + 2 >= len(lower) or lower[i + 2] not in " \t\n\r\x0c>":
            start = i + 2
            continue
        close = lower.find("</p", i + 2)
        if close < 0:
            break
        end = lower.find(">", close)
        if end < 0:
            break
        element = source[i:end + 1]
        if len(strip_tags(element).strip()) >= MIN_PARAGRAPH_CHARS:
            out.append(element)
        start = end + 1
    return out


def scaled_page(paras, times):
    """`scaled_page` of benches/scaling.rs."""
    block = "".join(p + "\n" for p in paras)
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            "<title>Scaling test</title></head><body><main><article><h1>Scaling test</h1>\n"
            + block * times + "</article></main></body></html>\n")


# --- peak resident memory of the command line ----------------------------------------------------

def peak_rss_kib(page):
    """Peak RSS (KiB) and wall time (s) of one `newslens clean` run, and how it was measured."""
    out = OUT / "rss-out.html"
    report = OUT / "rss-report.json"
    cmd = [str(CLI), "clean", str(page), "-o", str(out), "--report", str(report)]
    gnu_time = shutil.which("time", path="/usr/bin")
    if gnu_time:
        started = time.perf_counter()
        proc = subprocess.run([gnu_time, "-f", "%M", *cmd], capture_output=True, text=True)
        wall = time.perf_counter() - started
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed: {proc.stderr.strip()}")
        return int(proc.stderr.strip().splitlines()[-1]), wall, "/usr/bin/time -f %M"
    # No GNU time: the kernel's own figure for the child, as `time` reads it (wait4 ru_maxrss,
    # KiB on Linux: the high-water mark VmHWM at exit).
    started = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed")
    return usage.ru_maxrss, wall, "wait4() ru_maxrss (no /usr/bin/time)"


def measure_rss(paras):
    """{label: {bytes, rss_kib (median of RSS_RUNS), wall_s, method}} for the 1× and the 20 MB page."""
    if not CLI.exists():
        note_missing(f"the command line {CLI} (cargo build --release)")
        return None
    block = len("".join(p + "\n" for p in paras).encode())
    times = max(1, math.ceil((RSS_TARGET_BYTES - len(scaled_page(paras, 0).encode())) / block))
    results = {}
    for label, k in [("1x", 1), ("20mb", times)]:
        page = OUT / f"rss-{label}.html"
        page.write_text(scaled_page(paras, k), encoding="utf-8")
        runs = [peak_rss_kib(page) for _ in range(RSS_RUNS)]
        results[label] = {
            "times": k,
            "bytes": page.stat().st_size,
            "rss_kib": statistics.median(r[0] for r in runs),
            "rss_runs_kib": [r[0] for r in runs],
            "wall_s": statistics.median(r[1] for r in runs),
            "method": runs[0][2],
        }
        page.unlink()
    for f in ("rss-out.html", "rss-report.json"):
        (OUT / f).unlink(missing_ok=True)
    return results


# --- SVG ----------------------------------------------------------------------------------------

def esc(s):
    return html.escape(str(s), quote=True)


def nice_ticks(hi, n=5):
    """Round tick values from 0 to at least hi."""
    if hi <= 0:
        return [0, 1]
    raw = hi / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    return [i * step for i in range(int(math.ceil(hi / step)) + 1)]


def fmt_tick(v):
    return f"{v:g}"


def scaling_svg(rows):
    """Time vs repeat factor: analyze, parse, and linear growth from 1× for reference."""
    W, H, L, R, T, B = 640, 420, 70, 170, 40, 55
    pw, ph = W - L - R, H - T - B
    a1 = rows[0]["analyze_ms"]
    series = [
        ("analyze", "#1f77b4", [(r["times"], r["analyze_ms"]) for r in rows], ""),
        ("analyze, glossary off", "#2ca02c", [(r["times"], r["noglossary_ms"]) for r in rows], ""),
        ("parse (scraper)", "#ff7f0e", [(r["times"], r["parse_ms"]) for r in rows], ""),
        ("linear from 1×", "#888888", [(1, a1), (16, 16 * a1)], "6,4"),
    ]
    ymax = max(v for _, _, pts, _ in series for _, v in pts if v is not None)
    yt = nice_ticks(ymax)
    xt = SCALES

    def x(v):
        return L + (v - 0) / 16 * pw

    def y(v):
        return T + ph - v / yt[-1] * ph

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
           f'viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="12">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{L}" y="22" font-size="14" font-weight="bold">Native time vs article repeats '
           f'({esc(ARTICLE)} paragraphs)</text>']
    for t in yt:
        out.append(f'<line x1="{L}" x2="{L + pw}" y1="{y(t):.1f}" y2="{y(t):.1f}" stroke="#e5e5e5"/>')
        out.append(f'<text x="{L - 6}" y="{y(t) + 4:.1f}" text-anchor="end">{fmt_tick(t)}</text>')
    for t in xt:
        out.append(f'<line x1="{x(t):.1f}" x2="{x(t):.1f}" y1="{T + ph}" y2="{T + ph + 5}" stroke="black"/>')
        out.append(f'<text x="{x(t):.1f}" y="{T + ph + 18}" text-anchor="middle">{t}×</text>')
    out.append(f'<line x1="{L}" x2="{L + pw}" y1="{T + ph}" y2="{T + ph}" stroke="black"/>')
    out.append(f'<line x1="{L}" x2="{L}" y1="{T}" y2="{T + ph}" stroke="black"/>')
    out.append(f'<text x="{L + pw / 2}" y="{H - 10}" text-anchor="middle">repeat factor</text>')
    out.append(f'<text transform="translate(18 {T + ph / 2}) rotate(-90)" text-anchor="middle">'
               f'median time (ms)</text>')
    for i, (name, color, pts, dash) in enumerate(series):
        pts = [(a, b) for a, b in pts if b is not None]
        path = " ".join(f"{x(a):.1f},{y(b):.1f}" for a, b in pts)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"{dash_attr}/>')
        if not dash:
            for a, b in pts:
                out.append(f'<circle cx="{x(a):.1f}" cy="{y(b):.1f}" r="3.5" fill="{color}">'
                           f'<title>{esc(name)} {a}×: {b:.2f} ms</title></circle>')
        ly = T + 10 + i * 20
        out.append(f'<line x1="{L + pw + 15}" x2="{L + pw + 40}" y1="{ly}" y2="{ly}" stroke="{color}" '
                   f'stroke-width="2"{dash_attr}/>')
        out.append(f'<text x="{L + pw + 46}" y="{ly + 4}">{esc(name)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def pages_svg(pages, rounds):
    """Per page, Newslens's wasm analyze vs Readability in Chromium: paired bars, log scale."""
    rows = sorted(pages, key=lambda p: -p["bytes"])
    L, R, T, B, row = 300, 30, 60, 40, 16
    pw = 560
    W = L + pw + R
    H = T + row * len(rows) + B
    vals = [v for p in rows for v in (p["newslens_ms"], p["readability_ms"]) if v > 0]
    lo = 10 ** math.floor(math.log10(min(vals)))
    hi = 10 ** math.ceil(math.log10(max(vals)))

    def x(v):
        v = max(v, lo)
        return L + (math.log10(v) - math.log10(lo)) / (math.log10(hi) - math.log10(lo)) * pw

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
           f'viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="11">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="10" y="20" font-size="14" font-weight="bold">Per page in headless Chromium: '
           f'Newslens wasm analyze vs Readability parse (median of {rounds} rounds, ms, log scale)</text>',
           f'<rect x="{L}" y="32" width="12" height="8" fill="#1f77b4"/>'
           f'<text x="{L + 16}" y="40">Newslens analyze (HTML string in)</text>',
           f'<rect x="{L + 230}" y="32" width="12" height="8" fill="#ff7f0e"/>'
           f'<text x="{L + 246}" y="40">Readability parse (parsed DOM in)</text>']
    decade = lo
    while decade <= hi * 1.0001:
        out.append(f'<line x1="{x(decade):.1f}" x2="{x(decade):.1f}" y1="{T - 4}" y2="{T + row * len(rows)}" '
                   f'stroke="#dddddd"/>')
        out.append(f'<text x="{x(decade):.1f}" y="{T + row * len(rows) + 15}" text-anchor="middle">'
                   f'{fmt_tick(decade)}</text>')
        decade *= 10
    for i, p in enumerate(rows):
        y0 = T + i * row
        out.append(f'<text x="{L - 6}" y="{y0 + 11}" text-anchor="end">{esc(p["page"][:34])} '
                   f'({p["bytes"] / 1024:.0f} KB)</text>')
        for j, (key, color) in enumerate([("newslens_ms", "#1f77b4"), ("readability_ms", "#ff7f0e")]):
            v = p[key]
            out.append(f'<rect x="{L}" y="{y0 + 2 + j * 6}" width="{max(x(v) - L, 0.5):.1f}" height="6" '
                       f'fill="{color}"><title>{esc(p["page"])} {key}: {v:.3f} ms</title></rect>')
    out.append(f'<text x="{L + pw / 2}" y="{H - 5}" text-anchor="middle">ms (log scale); pages by size, '
               f'largest first</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


# --- the report -------------------------------------------------------------------------------

def f2(v, nd=2):
    return "NA" if v is None else f"{v:.{nd}f}"


def load_pair(pair):
    return " / ".join("?" if v is None else f"{v:.2f}" for v in (pair or [None, None]))


def table(header, rows, align=None):
    """A Markdown table; `align` is one letter per column (l/r), by default the first column
    left-aligned and the others (numbers) right-aligned."""
    align = align or "l" + "r" * (len(header) - 1)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---:" if a == "r" else "---" for a in align) + "|"]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def main():
    sys.stdout.reconfigure(line_buffering=True)  # the summary line stays last, after any warning
    skip_rss = "--skip-rss" in sys.argv[1:]
    OUT.mkdir(parents=True, exist_ok=True)

    # Native, criterion.
    parse, analyze, clean = (crit_ns("corpus", n) for n in ("parse", "analyze", "clean"))
    scaling = []
    for k in SCALES:
        scaling.append({"times": k, "parse_ms": ms(crit_ns("scaling", "parse", str(k))),
                        "analyze_ms": ms(crit_ns("scaling", "analyze", str(k))),
                        "noglossary_ms": ms(crit_ns("scaling", "analyze-noglossary", str(k))),
                        "sections_ms": ms(crit_ns("scaling", "analyze-sections", str(k)))})
    g0, g1k, g50k = (crit_ns("glossary", n) for n in ("0", "1000", "50000"))
    b1k, b50k = (crit_ns("glossary-build", n) for n in ("1000", "50000"))
    scaling_16x = ratio(scaling[-1]["analyze_ms"], scaling[0]["analyze_ms"])
    sections_16x = ratio(scaling[-1]["sections_ms"], scaling[0]["sections_ms"])

    # The scaled article (sizes for the table) and the memory page.
    src_path = CORPUS / ARTICLE / "source.html"
    paras = paragraphs(src_path.read_bytes().decode("utf-8", "replace"))
    for r in scaling:
        r["bytes"] = len(scaled_page(paras, r["times"]).encode())
        # The bench records its page size as criterion throughput: the two builders must agree.
        try:
            meta = json.loads(CRITERION.joinpath("scaling", "analyze", str(r["times"]), "new",
                                                 "benchmark.json").read_text())
            if meta["throughput"]["Bytes"] != r["bytes"]:
                print(f"bench-report: warning: the scaling page at {r['times']}x is {meta['throughput']['Bytes']} "
                      f"bytes in benches/scaling.rs but {r['bytes']} here", file=sys.stderr)
        except (OSError, KeyError, ValueError, TypeError):
            pass
    rss = None if skip_rss else measure_rss(paras)
    if skip_rss:
        note_missing("memory measurement (--skip-rss)")
    rss_ratio = rss["20mb"]["rss_kib"] * 1024 / rss["20mb"]["bytes"] if rss else None

    # Wasm size.
    wasm_kb = wasm_gz_kb = None
    if WASM.exists():
        data = WASM.read_bytes()
        wasm_kb = len(data) / 1024
        wasm_gz_kb = len(gzip.compress(data, compresslevel=9, mtime=0)) / 1024
    else:
        note_missing(f"{WASM} (make extension)")

    # Per page.
    def load(name):
        try:
            return json.loads((OUT / name).read_text())
        except (OSError, ValueError):
            note_missing(f"target/bench/{name}")
            return None

    native = load("native-pages.json")
    browser = load("browser.json")
    nat = {p["page"]: p for p in native["pages"]} if native else {}
    brw = {p["page"]: p for p in browser["pages"]} if browser else {}
    sums = {}
    if browser:
        for k in ("newslens_ms", "newslens_noglossary_ms", "readability_ms", "domparser_readability_ms", "domparser_ms"):
            sums[k] = sum(p[k] for p in browser["pages"])
    browser_ratio = ratio(sums.get("newslens_ms"), sums.get("readability_ms"))
    browser_ratio_dp = ratio(sums.get("newslens_ms"), sums.get("domparser_readability_ms"))

    def interleaved_note():
        if not native:
            return ""
        t = {k: sum(p[k] for p in native["pages"]) for k in ("parse_ms", "analyze_ms", "clean_ms")}
        return (f"Cross-check from the per-page pass (benches/scaling.rs), where each page is parsed, analysed and "
                f"cleaned back to back, so that a change in the machine's load hits all three alike (criterion runs "
                f"each benchmark for seconds, one after the other): sum of medians analyze / parse "
                f"{t['analyze_ms'] / t['parse_ms']:.2f}, analyze + render / parse {t['clean_ms'] / t['parse_ms']:.2f}.")

    # --- report.md
    load_avg = os.getloadavg()
    md = [f"# Newslens benchmark report",
          "",
          f"Generated {time.strftime('%Y-%m-%d %H:%M:%S %Z')} on {platform.machine()}, nproc {os.cpu_count()}, "
          f"load average at the end {load_avg[0]:.2f} / {load_avg[1]:.2f} / {load_avg[2]:.2f} (1/5/15 min). "
          f"The machine is shared: timings are noisy, ratios are the figures to compare. "
          f"Criterion figures are the median of its samples; per-page figures the median of rounds.",
          "",
          "## Summary",
          "",
          table(["figure", "value", "what"], [
              ["analyze_over_parse", f2(ratio(analyze, parse)), f"corpus ({len(nat) or '?'} pages): analyze {f2(ms(analyze), 1)} ms / bare scraper parse {f2(ms(parse), 1)} ms (criterion, total over the pages)"],
              ["clean_over_parse", f2(ratio(clean, parse)), f"analyze + render {f2(ms(clean), 1)} ms / parse"],
              ["scaling_16x", f2(scaling_16x), f"analyze time at 16× the article / at 1× (linear = 16)"],
              ["sections_16x", f2(sections_16x), "analyze time of 4,000 short sections / of 250 (linear = 16)"],
              ["glossary50k_over_none", f2(ratio(g50k, g0)), f"the glossary bench's pages analysed with 50,000 custom terms {f2(ms(g50k), 1)} ms / with `packs: []` and no terms {f2(ms(g0), 1)} ms (engine built once)"],
              ["wasm_kb", f2(wasm_kb, 0), f"target/wasm-pkg/newslens_bg.wasm, {WASM.stat().st_size if WASM.exists() else '?'} bytes (KB = 1024 bytes)"],
              ["wasm_gz_kb", f2(wasm_gz_kb, 0), "the same, gzip -9"],
              ["browser_over_readability", f2(browser_ratio), "Chromium: sum over pages of Newslens analyze medians / sum of Readability parse medians (see the asymmetry below)"],
              ["peak_rss_over_input_20mb", f2(rss_ratio), "peak RSS of `newslens clean` on the 20 MB page / its size"],
          ], align="lrl"),
          ""]

    md += ["## Native (criterion)", "",
           table(["benchmark", "median (ms)", "/ parse"], [
               ["corpus/parse (scraper, bare)", f2(ms(parse), 1), "1.00" if parse else "NA"],
               ["corpus/analyze", f2(ms(analyze), 1), f2(ratio(analyze, parse))],
               ["corpus/clean (analyze + render)", f2(ms(clean), 1), f2(ratio(clean, parse))],
           ]), "",
           interleaved_note(), "",
           "Glossary (the pages of benches/glossary.rs; `packs: []` plus N custom terms; "
           "engine built once, outside the timing; the build timed apart):", "",
           table(["terms", "analyze (ms)", "/ none", "engine build (ms)"], [
               ["0", f2(ms(g0), 2), "1.00" if g0 else "NA", "-"],
               ["1,000", f2(ms(g1k), 2), f2(ratio(g1k, g0)), f2(ms(b1k), 2)],
               ["50,000", f2(ms(g50k), 2), f2(ratio(g50k, g0)), f2(ms(b50k), 2)],
           ]), ""]

    md += ["## Scaling", "",
           f"The body paragraphs of `{ARTICLE}` ({len(paras)} `<p>` elements with at least "
           f"{MIN_PARAGRAPH_CHARS} characters of text) repeated N times inside one `<article>` of an otherwise "
           f"empty page, so the page grows with N (criterion group `scaling`, benches/scaling.rs). "
           f"Linear growth: analyze at N× = N × analyze at 1×.", "",
           table(["N", "bytes", "parse (ms)", "analyze (ms)", "analyze / 1×", "analyze MB/s",
                  "analyze, glossary off (ms)", "glossary off / 1×"], [
               [r["times"], r["bytes"], f2(r["parse_ms"]), f2(r["analyze_ms"]),
                f2(ratio(r["analyze_ms"], scaling[0]["analyze_ms"])),
                f2(r["bytes"] / 1e6 / (r["analyze_ms"] / 1e3) if r["analyze_ms"] else None, 1),
                f2(r["noglossary_ms"]), f2(ratio(r["noglossary_ms"], scaling[0]["noglossary_ms"]))]
               for r in scaling]), "",
           "![time vs repeat factor](scaling.svg)", ""]

    md += ["## Memory", ""]
    if rss:
        r1, r20 = rss["1x"], rss["20mb"]
        md += [f"Peak resident set size of `target/release/newslens clean PAGE -o OUT --report FILE`, measured with "
               f"{rss['20mb']['method']} (the kernel's maximum RSS of the process; KiB), median of {RSS_RUNS} runs. "
               f"The 20 MB page is the scaling page with the article repeated {r20['times']} times.", "",
               table(["page", "bytes", "peak RSS (KiB)", "runs (KiB)", "peak RSS / input", "wall (s)"], [
                   ["1× article", r1["bytes"], f"{r1['rss_kib']:.0f}", ", ".join(str(v) for v in r1["rss_runs_kib"]),
                    f2(r1["rss_kib"] * 1024 / r1["bytes"]), f2(r1["wall_s"])],
                   [f"{r20['times']}× (20 MB)", r20["bytes"], f"{r20['rss_kib']:.0f}",
                    ", ".join(str(v) for v in r20["rss_runs_kib"]), f2(rss_ratio), f2(r20["wall_s"])],
               ]), ""]
    else:
        md += ["Not measured.", ""]

    md += ["## Browser (headless Chromium)", ""]
    if browser:
        md += [f"Chromium {browser.get('browserVersion', '?')}, page served from 127.0.0.1 "
               f"(cross-origin isolated: {browser['crossOriginIsolated']}, timer step {browser['timerStepMs'] * 1000:.0f} µs), "
               f"wasm init (fetch + compile + instantiate) {browser['wasmInitMs']:.0f} ms. One untimed warm-up round over "
               f"every page, then {browser['rounds']} timed rounds; each page's median. Same decoded HTML text for both sides. "
               f"1-minute load average before / after: {load_pair(browser.get('loadAverage'))}.", "",
               "**The asymmetry:** Newslens's `engine.analyze(html)` takes the HTML *string*: its time includes "
               "parsing it (html5ever compiled to wasm), copying the string into wasm memory, and converting the plan "
               "and report to JS objects. Readability's `new Readability(doc).parse()` gets a document the browser "
               "has already parsed (DOMParser, outside the timed region; a fresh `doc.cloneNode(true)` per run, also "
               "outside). The second figure times DOMParser + Readability in one region, which is the like-for-like "
               "comparison for a string input.", "",
               table(["sum over pages (ms)", "value", "Newslens / this"], [
                   ["Newslens analyze (wasm)", f2(sums["newslens_ms"], 1), "1.00"],
                   ["Newslens analyze, glossary off", f2(sums["newslens_noglossary_ms"], 1), f2(ratio(sums["newslens_ms"], sums["newslens_noglossary_ms"]))],
                   ["Readability parse (DOM given)", f2(sums["readability_ms"], 1), f2(browser_ratio)],
                   ["DOMParser + Readability parse", f2(sums["domparser_readability_ms"], 1), f2(browser_ratio_dp)],
                   ["DOMParser alone", f2(sums["domparser_ms"], 1), f2(ratio(sums["newslens_ms"], sums["domparser_ms"]))],
               ]), "",
               "![per page, Newslens vs Readability](pages.svg)", ""]
    else:
        md += ["Not measured.", ""]

    # Where the time goes.
    if native:
        tot = {k: sum(p[k] for p in native["pages"]) for k in ("parse_ms", "analyze_ms", "analyze_noglossary_ms", "clean_ms")}
        md += ["## Where the time goes", "",
               f"Native, sum of per-page medians ({native['rounds']} rounds, benches/scaling.rs; 1-minute load average "
               f"before / after: {load_pair(native.get('load_average'))}): parse "
               f"{tot['parse_ms']:.1f} ms, analyze {tot['analyze_ms']:.1f} ms (of which the bare parse is "
               f"{100 * tot['parse_ms'] / tot['analyze_ms']:.0f}%; with the glossary off analyze takes "
               f"{tot['analyze_noglossary_ms']:.1f} ms, so term annotation with the bundled packs is about "
               f"{100 * (1 - tot['analyze_noglossary_ms'] / tot['analyze_ms']):.0f}% of it), analyze + render "
               f"{tot['clean_ms']:.1f} ms.", ""]
        top = sorted(native["pages"], key=lambda p: -p["analyze_ms"])[:10]
        md += ["Native analyze, the 10 slowest pages:", "",
               table(["page", "KB", "parse", "analyze", "share of total analyze", "analyze / parse", "glossary off"],
                     [[p["page"], f"{p['bytes'] / 1024:.0f}", f2(p["parse_ms"]), f2(p["analyze_ms"]),
                       f"{100 * p['analyze_ms'] / tot['analyze_ms']:.1f}%", f2(ratio(p["analyze_ms"], p["parse_ms"]), 1),
                       f2(p["analyze_noglossary_ms"])] for p in top]), ""]
        if browser:
            both = [k for k in nat if k in brw]
            wasm_native = ratio(sum(brw[k]["newslens_ms"] for k in both), sum(nat[k]["analyze_ms"] for k in both))
            md += [f"Wasm in Chromium vs native, Newslens analyze summed over the pages: {f2(wasm_native)}×. "
                   f"Pages where the wasm build is furthest behind native (pages over 10 KB):", "",
                   table(["page", "KB", "native analyze", "wasm analyze", "wasm / native", "native glossary off", "wasm glossary off"],
                         [[k, f"{nat[k]['bytes'] / 1024:.0f}", f2(nat[k]["analyze_ms"]), f2(brw[k]["newslens_ms"]),
                           f2(ratio(brw[k]["newslens_ms"], nat[k]["analyze_ms"]), 1), f2(nat[k]["analyze_noglossary_ms"]),
                           f2(brw[k]["newslens_noglossary_ms"])]
                          for k in sorted((k for k in both if nat[k]["bytes"] > 10240),
                                          key=lambda k: -brw[k]["newslens_ms"] / max(nat[k]["analyze_ms"], 1e-6))[:10]]), ""]

    # Per page.
    if nat or brw:
        names = list(nat) + [k for k in brw if k not in nat]
        cols = ["page", "KB", "native parse", "native analyze", "native glossary off", "native analyze+render",
                "wasm analyze", "wasm glossary off", "Readability", "DOMParser+Readability", "DOMParser",
                "Newslens / Readability"]
        rows = []
        for k in names:
            n, b = nat.get(k, {}), brw.get(k, {})
            rows.append([k, f"{(n or b)['bytes'] / 1024:.0f}", f2(n.get("parse_ms"), 3), f2(n.get("analyze_ms"), 3),
                         f2(n.get("analyze_noglossary_ms"), 3), f2(n.get("clean_ms"), 3), f2(b.get("newslens_ms"), 3),
                         f2(b.get("newslens_noglossary_ms"), 3), f2(b.get("readability_ms"), 3),
                         f2(b.get("domparser_readability_ms"), 3), f2(b.get("domparser_ms"), 3),
                         f2(ratio(b.get("newslens_ms"), b.get("readability_ms")))])
        total = ["**total**", f"{sum((nat.get(k) or brw.get(k))['bytes'] for k in names) / 1024:.0f}"]
        for key, src in [("parse_ms", nat), ("analyze_ms", nat), ("analyze_noglossary_ms", nat), ("clean_ms", nat),
                         ("newslens_ms", brw), ("newslens_noglossary_ms", brw), ("readability_ms", brw),
                         ("domparser_readability_ms", brw), ("domparser_ms", brw)]:
            total.append(f2(sum(p[key] for p in src.values()), 1) if src else "NA")
        total.append(f2(browser_ratio))
        rows.append(total)
        md += ["## Per page (ms, medians)", "",
               "Native: benches/scaling.rs per-page pass. wasm / Readability / DOMParser: headless Chromium "
               "(benches/browser). `Readability` is `new Readability(clone).parse()` on an already parsed document.", "",
               table(cols, rows), ""]

    (OUT / "report.md").write_text("\n".join(md))
    if all(r["analyze_ms"] is not None for r in scaling):
        (OUT / "scaling.svg").write_text(scaling_svg(scaling))
    if browser:
        (OUT / "pages.svg").write_text(pages_svg(browser["pages"], browser["rounds"]))

    # --- console
    print(f"corpus: parse {f2(ms(parse), 1)} ms, analyze {f2(ms(analyze), 1)} ms, analyze+render {f2(ms(clean), 1)} ms")
    if native:
        print("corpus, per-page pass: " + interleaved_note().split(": ", 1)[1])
    print("scaling (analyze ms at 1/2/4/8/16x): " + " / ".join(f2(r["analyze_ms"]) for r in scaling))
    print(f"glossary: analyze with 0 / 1,000 / 50,000 terms {f2(ms(g0), 1)} / {f2(ms(g1k), 1)} / {f2(ms(g50k), 1)} ms; "
          f"engine build with 1,000 / 50,000 terms {f2(ms(b1k), 1)} / {f2(ms(b50k), 1)} ms")
    if browser:
        print(f"browser: Newslens {sums['newslens_ms']:.1f} ms, Readability {sums['readability_ms']:.1f} ms, "
              f"DOMParser+Readability {sums['domparser_readability_ms']:.1f} ms "
              f"(Newslens / that {f2(browser_ratio_dp)})")
    if rss:
        print(f"memory: peak RSS {rss['20mb']['rss_kib'] / 1024:.0f} MiB on a {rss['20mb']['bytes'] / 2**20:.1f} MiB page "
              f"({rss['20mb']['method']})")
    print(f"report: {OUT / 'report.md'}")
    print("bench: "
          f"analyze_over_parse={f2(ratio(analyze, parse))} clean_over_parse={f2(ratio(clean, parse))} "
          f"scaling_16x={f2(scaling_16x)} glossary50k_over_none={f2(ratio(g50k, g0))} "
          f"wasm_kb={f2(wasm_kb, 0)} wasm_gz_kb={f2(wasm_gz_kb, 0)} "
          f"browser_over_readability={f2(browser_ratio)} peak_rss_over_input_20mb={f2(rss_ratio)}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())

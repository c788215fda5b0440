//! How the engine's time grows with the length of a page, and what each corpus page costs.
//!
//! - criterion group "scaling": one long article (the body paragraphs of
//!   `readability/lazy-image-2`, see [`article_paragraphs`]) repeated 1, 2, 4, 8 and 16 times
//!   inside one page, timed with a bare parse (`parse/N`), with `analyze` (`analyze/N`) and
//!   with `analyze` with the glossary off (`analyze-noglossary/N`: what annotation costs).
//!   Nearly all of the page is the repeated article, so linear growth means 16× at 16. Also
//!   `analyze-sections/N`: a page of N × 250 short sections (see [`sections_page`]).
//! - per-page timings (not criterion: 86 pages × criterion's warm-up and sampling would take
//!   minutes): each corpus page parsed, analysed, analysed with the glossary off (what term
//!   annotation costs) and analysed + rendered, once untimed and then [`ROUNDS`] times (rounds
//!   outside, pages inside); the median of each goes to `target/bench/native-pages.json` for
//!   `scripts/bench-report.py`. Runs under `cargo bench` (`--bench`) when no filter is given or
//!   the filter is `pages`.
//!
//! `scripts/bench-report.py` builds the 20 MB page of its memory measurement from the same
//! paragraphs with the same rule.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{criterion_group, BenchmarkId, Criterion, SamplingMode, Throughput};
use newslens::{Engine, Options};

/// The article repeated by the scaling group.
const ARTICLE: &str = "readability/lazy-image-2";
/// Paragraphs with fewer characters of text than this are left out (captions, bylines, …).
const MIN_PARAGRAPH_CHARS: usize = 80;
/// Timed rounds of the per-page pass.
const ROUNDS: usize = 7;

/// The article's body paragraphs: every `<p …>…</p>` (up to the first `</p` after it) whose
/// text, tags stripped and trimmed, has at least [`MIN_PARAGRAPH_CHARS`] characters, as it is
/// in the source. The same rule as `paragraphs()` in `scripts/bench-report.py`.
fn article_paragraphs(html: &str) -> Vec<&str> {
    // ASCII lower-casing keeps byte offsets.
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = lower[from..].find("<p") {
        let start = from + pos;
        let after = lower.as_bytes().get(start + 2).copied();
        if !matches!(after, Some(b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'>')) {
            from = start + 2;
            continue;
        }
        let Some(close) = lower[start + 2..].find("</p").map(|c| start + 2 + c) else {
            break;
        };
        let Some(end) = lower[close..].find('>').map(|e| close + e + 1) else {
            break;
        };
        let element = &html[start..end];
        if strip_tags(element).trim().chars().count() >= MIN_PARAGRAPH_CHARS {
            out.push(element);
        }
        from = end;
    }
    out
}

/// The text between tags (`<…>` removed; a `<` with no `>` after it is kept).
fn strip_tags(s: &str) -> String {
    let mut text = String::new();
    let mut rest = s;
    while let Some(lt) = rest.find('<') {
        text.push_str(&rest[..lt]);
        match rest[lt..].find('>') {
            Some(gt) => rest = &rest[lt + gt + 1..],
            None => {
                text.push_str(&rest[lt..]);
                rest = "";
            }
        }
    }
    text.push_str(rest);
    text
}

/// A page whose article is the paragraphs repeated `times` times.
fn scaled_page(paragraphs: &[&str], times: usize) -> String {
    let mut page = String::from(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Scaling test</title></head><body><main><article><h1>Scaling test</h1>\n",
    );
    for _ in 0..times {
        for p in paragraphs {
            page.push_str(p);
            page.push('\n');
        }
    }
    page.push_str("</article></main></body></html>\n");
    page
}

/// Cards per repeat of the sections page.
const CARDS: usize = 250;

/// A page of many short sections (an index of teasers, a live blog): `times` × [`CARDS`] cards,
/// each a heading with a link and one of the article's paragraphs. Every heading is a section
/// of the outline, so a stage that compares each text with each section grows quadratically
/// here (one did: the reading time per section, 27 s in Chromium for 12,000 cards).
fn sections_page(paragraphs: &[&str], times: usize) -> String {
    let mut page = String::from(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Sections test</title></head><body><main><article><h1>Sections test</h1>\n",
    );
    for i in 0..times * CARDS {
        let p = paragraphs[i % paragraphs.len()];
        page.push_str(&format!(
            "<section class=\"card\"><h3><a href=\"/story/{i}\">Story {i}</a></h3>{p}</section>\n"
        ));
    }
    page.push_str("</article></main></body></html>\n");
    page
}

fn scaling(c: &mut Criterion) {
    let source = common::load([common::dir().join(ARTICLE).join("source.html")]);
    let paragraphs = article_paragraphs(&source[0]);
    assert!(!paragraphs.is_empty(), "no paragraphs in {ARTICLE}");
    let engine = Engine::new(Options::default()).unwrap();
    let bare = Engine::new(Options {
        glossary: false,
        ..Options::default()
    })
    .unwrap();
    let mut group = c.benchmark_group("scaling");
    // Flat sampling: the same iteration count in every sample, which suits runs of up to
    // ~100 ms (linear sampling would need several seconds per benchmark at 16×).
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(2));
    for times in [1usize, 2, 4, 8, 16] {
        let page = scaled_page(&paragraphs, times);
        group.throughput(Throughput::Bytes(page.len() as u64));
        group.bench_with_input(BenchmarkId::new("parse", times), &page, |b, page| {
            b.iter(|| scraper::Html::parse_document(page).tree.nodes().count())
        });
        group.bench_with_input(BenchmarkId::new("analyze", times), &page, |b, page| {
            b.iter(|| engine.analyze(page, None).unwrap().report().edits.len())
        });
        let id = BenchmarkId::new("analyze-noglossary", times);
        group.bench_with_input(id, &page, |b, page| {
            b.iter(|| bare.analyze(page, None).unwrap().report().edits.len())
        });
        let sections = sections_page(&paragraphs, times);
        let id = BenchmarkId::new("analyze-sections", times);
        group.bench_with_input(id, &sections, |b, page| {
            b.iter(|| engine.analyze(page, None).unwrap().report().edits.len())
        });
    }
    group.finish();
}

criterion_group!(benches, scaling);

/// Every corpus page as `(group/name, path)`, seed first, in the order of `benches/analyze.rs`.
fn corpus_paths(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for group in ["seed", "readability", "zh"] {
        let Ok(entries) = std::fs::read_dir(dir.join(group)) else {
            continue;
        };
        let mut names: Vec<String> = entries
            .filter_map(|e| e.ok())
            .filter(|e| e.path().join("source.html").is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        out.extend(names.into_iter().map(|n| {
            (
                format!("{group}/{n}"),
                dir.join(group).join(&n).join("source.html"),
            )
        }));
    }
    out
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// The first field of /proc/loadavg (1-minute load average), if there is one: the machine is
/// shared, and the report says how busy it was.
fn load_average() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1e3
}

/// Median parse / analyze / analyze+render time of each corpus page, as JSON.
fn per_page() {
    let dir = common::dir();
    let paths = corpus_paths(&dir);
    let pages = common::load(paths.iter().map(|(_, p)| p.clone()));
    assert_eq!(pages.len(), paths.len(), "a corpus page could not be read");
    let engine = Engine::new(Options::default()).unwrap();
    // Where the time goes: the same analysis without the glossary (no term annotation).
    let bare = Engine::new(Options {
        glossary: false,
        ..Options::default()
    })
    .unwrap();
    let load_before = load_average();
    let n = pages.len();
    let mut parse = vec![vec![]; n];
    let mut analyze = vec![vec![]; n];
    let mut no_glossary = vec![vec![]; n];
    let mut clean = vec![vec![]; n];
    eprintln!("pages: {n} corpus pages, 1 untimed + {ROUNDS} timed rounds");
    for round in 0..=ROUNDS {
        for (i, page) in pages.iter().enumerate() {
            let t = Instant::now();
            std::hint::black_box(scraper::Html::parse_document(page).tree.nodes().count());
            let t_parse = ms(t);
            let t = Instant::now();
            std::hint::black_box(
                engine
                    .analyze(page, None)
                    .map_or(0, |a| a.report().edits.len()),
            );
            let t_analyze = ms(t);
            let t = Instant::now();
            std::hint::black_box(
                bare.analyze(page, None)
                    .map_or(0, |a| a.report().edits.len()),
            );
            let t_no_glossary = ms(t);
            let t = Instant::now();
            std::hint::black_box(engine.analyze(page, None).map_or(0, |a| a.render().len()));
            let t_clean = ms(t);
            if round > 0 {
                parse[i].push(t_parse);
                analyze[i].push(t_analyze);
                no_glossary[i].push(t_no_glossary);
                clean[i].push(t_clean);
            }
        }
    }
    let rows: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let bytes = std::fs::metadata(&paths[i].1).map_or(0, |m| m.len());
            serde_json::json!({
                "page": paths[i].0,
                "bytes": bytes,
                "chars": pages[i].chars().count(),
                "parse_ms": median(&mut parse[i]),
                "analyze_ms": median(&mut analyze[i]),
                "analyze_noglossary_ms": median(&mut no_glossary[i]),
                "clean_ms": median(&mut clean[i]),
            })
        })
        .collect();
    let out_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(
            || Path::new(env!("CARGO_MANIFEST_DIR")).join("target"),
            PathBuf::from,
        )
        .join("bench");
    std::fs::create_dir_all(&out_dir).unwrap();
    let json = serde_json::json!({
        "rounds": ROUNDS,
        "load_average": [load_before, load_average()],
        "corpus": dir.display().to_string(),
        "pages": rows,
    });
    let path = out_dir.join("native-pages.json");
    std::fs::write(&path, serde_json::to_string_pretty(&json).unwrap()).unwrap();
    let sum =
        |v: &[serde_json::Value], k: &str| v.iter().filter_map(|r| r[k].as_f64()).sum::<f64>();
    eprintln!(
        "pages: sum of medians: parse {:.1} ms, analyze {:.1} ms, analyze+render {:.1} ms -> {}",
        sum(&rows, "parse_ms"),
        sum(&rows, "analyze_ms"),
        sum(&rows, "clean_ms"),
        path.display()
    );
}

fn main() {
    benches();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let filters: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let wanted = filters.is_empty() || filters.iter().any(|f| f.as_str() == "pages");
    // `cargo bench` passes `--bench`; `cargo test --benches` does not (criterion's test mode).
    if args.iter().any(|a| a == "--bench") && wanted {
        per_page();
    }
    Criterion::default().configure_from_args().final_summary();
}

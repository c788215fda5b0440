//! Cost of the glossary: the same pages analysed with no terms (`packs: []`), with 1,000 and
//! with 50,000 of the reader's terms (engine built once; build time measured apart).
//! `make bench` prints the ratio of the largest to none.

mod common;

use criterion::{criterion_group, criterion_main, Criterion};
use newslens::{Engine, Options};

fn pages() -> Vec<String> {
    let dir = common::dir();
    common::load(
        [
            "seed/voa-deepseek",
            "readability/nytimes-1",
            "readability/cnn",
            "readability/qq",
            "readability/guardian-1",
            "zh/c38e2b2d-b578-4808-9251-3abf183ef19e",
        ]
        .map(|name| dir.join(name).join("source.html")),
    )
}

/// `n` made-up terms that overlap one another (prefixes of each other) and a few real words.
fn options(n: usize) -> Options {
    let mut terms: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let term = match i % 4 {
                0 => format!("term{i}"),
                1 => format!("term{} extended", i - 1),
                2 => format!("术语{i}"),
                _ => format!("Zq{i}X"),
            };
            serde_json::json!({"term": term, "definition": format!("Definition number {i}.")})
        })
        .collect();
    if n > 0 {
        terms.push(serde_json::json!({"term": "president", "definition": "A head of state."}));
    }
    Options {
        packs: Some(Vec::new()),
        custom_glossary: terms,
        ..Options::default()
    }
}

fn bench(c: &mut Criterion) {
    let pages = pages();
    let mut build = c.benchmark_group("glossary-build");
    build.sample_size(10);
    for n in [1_000usize, 50_000] {
        let opts = options(n);
        build.bench_function(format!("{n}"), |b| {
            b.iter(|| Engine::new(opts.clone()).unwrap())
        });
    }
    build.finish();

    let mut group = c.benchmark_group("glossary");
    group.sample_size(20);
    for n in [0usize, 1_000, 50_000] {
        let engine = Engine::new(options(n)).unwrap();
        group.bench_function(format!("{n}"), |b| {
            b.iter(|| {
                pages
                    .iter()
                    .map(|p| engine.analyze(p, None).unwrap().report().stats.annotate)
                    .sum::<usize>()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

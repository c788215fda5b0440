//! Speed of the engine relative to parsing alone, over the corpus pages:
//! scraper's bare parse vs `analyze` vs `analyze` + `render` (from the same tree).
//! `make bench` prints the ratios (total time / total parse time).

mod common;

use criterion::{criterion_group, criterion_main, Criterion};
use newslens::{Engine, Options};

/// Every corpus page, seed first, in a stable order.
fn corpus_pages() -> Vec<String> {
    let dir = common::dir();
    let mut paths = Vec::new();
    for group in ["seed", "readability", "zh"] {
        let Ok(entries) = std::fs::read_dir(dir.join(group)) else {
            continue;
        };
        let mut group_paths: Vec<_> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.path().join("source.html"))
            .collect();
        group_paths.sort();
        paths.extend(group_paths);
    }
    common::load(paths)
}

fn bench(c: &mut Criterion) {
    let pages = corpus_pages();
    let engine = Engine::new(Options::default()).unwrap();
    let mut group = c.benchmark_group("corpus");
    group.sample_size(10);
    group.bench_function("parse", |b| {
        b.iter(|| {
            pages
                .iter()
                .map(|p| scraper::Html::parse_document(p).tree.nodes().count())
                .sum::<usize>()
        })
    });
    group.bench_function("analyze", |b| {
        b.iter(|| {
            pages
                .iter()
                .map(|p| {
                    engine
                        .analyze(p, None)
                        .map_or(0, |a| a.report().edits.len())
                })
                .sum::<usize>()
        })
    });
    group.bench_function("clean", |b| {
        b.iter(|| {
            pages
                .iter()
                .map(|p| engine.analyze(p, None).map_or(0, |a| a.render().len()))
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Speed of the engine relative to parsing alone, over the corpus pages:
//! scraper's bare parse vs `analyze` vs `analyze` + `render` (from the same tree).
//! `make bench` prints the ratios (total time / total parse time).

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};
use newslens::{charset, Engine, Options};

fn corpus_pages() -> Vec<String> {
    let dir = std::env::var_os("NEWSLENS_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    let mut pages = Vec::new();
    for group in ["seed", "readability", "zh"] {
        let Ok(entries) = std::fs::read_dir(dir.join(group)) else {
            continue;
        };
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.path().join("source.html"))
            .collect();
        paths.sort();
        for p in paths {
            if let Ok(bytes) = std::fs::read(&p) {
                pages.push(charset::decode(&bytes).text);
            }
        }
    }
    assert!(
        !pages.is_empty(),
        "no corpus pages under {} (set NEWSLENS_CORPUS)",
        dir.display()
    );
    pages
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

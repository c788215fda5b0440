//! Corpus pages for the benchmarks, read through `NEWSLENS_CORPUS` (default `../shared/corpus`).

use std::path::{Path, PathBuf};

use newslens::charset;

/// Decodes each `source.html` that exists; panics if none does (the corpus is missing).
pub fn load(paths: impl IntoIterator<Item = PathBuf>) -> Vec<String> {
    let pages: Vec<String> = paths
        .into_iter()
        .filter_map(|p| std::fs::read(p).ok())
        .map(|bytes| charset::decode(&bytes).text)
        .collect();
    assert!(
        !pages.is_empty(),
        "no corpus pages under {} (set NEWSLENS_CORPUS)",
        dir().display()
    );
    pages
}

/// The corpus folder.
pub fn dir() -> PathBuf {
    std::env::var_os("NEWSLENS_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"))
}

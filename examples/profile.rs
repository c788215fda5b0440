//! Developer tool: where `analyze` spends its time, and how it compares with the bare parse.
//!
//! - `cargo run --release --example profile -- ratio [ROUNDS]`: per round, every corpus page is
//!   parsed bare (scraper) and analysed back to back; prints min/median/max of the analyze/parse
//!   time ratio over the rounds (interleaving keeps a loaded machine from favouring either).
//! - `valgrind --tool=callgrind target/release/examples/profile MODE` with MODE `parse`,
//!   `analyze`, `load` (loading the pages only) or `build` (loading them and building the
//!   engine): instruction counts, which do not depend on the machine's load.
//!   analyze/parse = (analyze - build) / (parse - load).
//!
//! - `profile page FILE [ROUNDS]`: one page, analysed ROUNDS times (for callgrind).
//!
//! Reads the corpus from `NEWSLENS_CORPUS` (default `../shared/corpus`).

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    native::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::hint::black_box;
    use std::path::PathBuf;
    use std::time::Instant;

    use newslens::{charset, Engine, Options};

    fn pages() -> Vec<String> {
        let dir = PathBuf::from(
            std::env::var("NEWSLENS_CORPUS").unwrap_or_else(|_| "../shared/corpus".into()),
        );
        let mut pages = Vec::new();
        for group in ["seed", "readability", "zh"] {
            let Ok(entries) = std::fs::read_dir(dir.join(group)) else {
                continue;
            };
            let mut paths: Vec<_> = entries
                .filter_map(|e| e.ok())
                .map(|e| e.path().join("source.html"))
                .filter(|p| p.is_file())
                .collect();
            paths.sort();
            for path in paths {
                let bytes = std::fs::read(&path).expect("readable page");
                pages.push(charset::decode(&bytes).text);
            }
        }
        assert!(!pages.is_empty(), "no corpus pages: set NEWSLENS_CORPUS");
        pages
    }

    pub fn main() {
        let mode = std::env::args().nth(1).unwrap_or_else(|| "ratio".into());
        let pages = pages();
        let parse = |p: &str| scraper::Html::parse_document(p).tree.nodes().count();
        let engine = || Engine::new(Options::default()).expect("default options");
        let analyze = |engine: &Engine, p: &str| {
            engine
                .analyze(p, None)
                .map_or(0, |a| a.report().edits.len())
        };
        match mode.as_str() {
            "ratio" => {
                let rounds: usize = std::env::args()
                    .nth(2)
                    .and_then(|r| r.parse().ok())
                    .unwrap_or(15);
                let engine = engine();
                let mut ratios = Vec::new();
                for _ in 0..rounds {
                    let (mut parsing, mut analysing) = (0.0, 0.0);
                    for p in &pages {
                        let t = Instant::now();
                        black_box(parse(p));
                        parsing += t.elapsed().as_secs_f64();
                        let t = Instant::now();
                        black_box(analyze(&engine, p));
                        analysing += t.elapsed().as_secs_f64();
                    }
                    ratios.push(analysing / parsing);
                }
                ratios.sort_by(f64::total_cmp);
                println!(
                    "analyze/parse over {} pages, {rounds} rounds: min {:.3} median {:.3} max {:.3}",
                    pages.len(),
                    ratios[0],
                    ratios[ratios.len() / 2],
                    ratios[ratios.len() - 1]
                );
            }
            "parse" => println!("{}", pages.iter().map(|p| parse(p)).sum::<usize>()),
            "analyze" => {
                let engine = engine();
                println!(
                    "{}",
                    pages.iter().map(|p| analyze(&engine, p)).sum::<usize>()
                );
            }
            "build" => println!("{}", engine().warnings().len()),
            "page" => {
                // One page, analysed ROUNDS times: `profile page FILE [ROUNDS]`.
                let file = std::env::args().nth(2).expect("profile page FILE [ROUNDS]");
                let rounds: usize = std::env::args()
                    .nth(3)
                    .and_then(|r| r.parse().ok())
                    .unwrap_or(10);
                let page = charset::decode(&std::fs::read(file).expect("readable page")).text;
                let engine = engine();
                let edits: usize = (0..rounds).map(|_| analyze(&engine, &page)).sum();
                println!("{edits}");
            }
            "load" => println!("{}", pages.len()),
            _ => eprintln!(
                "usage: profile [ratio [ROUNDS] | parse | analyze | build | load | page FILE [ROUNDS]]"
            ),
        }
    }
}

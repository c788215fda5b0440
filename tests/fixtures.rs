//! Golden reports: the full report of each bundled sample (every edit with its target, the
//! outline, the annotations, the counts; everything but `elapsedMs`) compared with
//! `tests/fixtures/reports/<sample>.json`. `BLESS=1 cargo test --test fixtures` rewrites them
//! after an intended change; review the diff before committing.
#![cfg(not(target_arch = "wasm32"))] // native: files

use std::path::Path;

use newslens::{charset, Engine, Options};

fn report_json(sample: &str) -> serde_json::Value {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(dir.join("data/samples").join(format!("{sample}.html"))).unwrap();
    let engine = Engine::new(Options::default()).unwrap();
    let analysis = engine
        .analyze(
            &charset::decode(&bytes).text,
            Some("https://news.example.com/story"),
        )
        .unwrap();
    let mut value = serde_json::to_value(analysis.report()).unwrap();
    value["stats"]["elapsedMs"] = serde_json::Value::Null;
    value
}

#[test]
fn sample_reports_match_their_fixtures() {
    let bless = std::env::var("BLESS").is_ok_and(|v| v == "1");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reports");
    let mut differ = Vec::new();
    for sample in ["zh-chips", "en-climate", "en-markets"] {
        let got = report_json(sample);
        let path = dir.join(format!("{sample}.json"));
        if bless {
            std::fs::write(&path, serde_json::to_string_pretty(&got).unwrap() + "\n").unwrap();
            continue;
        }
        let want: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e} (run with BLESS=1)", path.display())),
        )
        .unwrap();
        if got != want {
            let got_text = serde_json::to_string_pretty(&got).unwrap();
            let want_text = serde_json::to_string_pretty(&want).unwrap();
            let first = got_text
                .lines()
                .zip(want_text.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            differ.push(format!(
                "{sample}: first difference at line {}:\n  got  {}\n  want {}",
                first + 1,
                got_text.lines().nth(first).unwrap_or(""),
                want_text.lines().nth(first).unwrap_or("")
            ));
        }
    }
    assert!(
        differ.is_empty(),
        "reports differ from tests/fixtures/reports (BLESS=1 to accept):\n{}",
        differ.join("\n")
    );
}

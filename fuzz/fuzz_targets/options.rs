//! Arbitrary bytes as options JSON (what the extension's storage or the CLI's `--options` file
//! may hold): building the engine never panics, a refusal is an `Error::Options`, and an engine
//! that builds (hostile rules and glossary entries skipped with a warning) cleans a small page.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newslens::{Engine, Error};

/// A page with something for every kind of edit, and for rules to match.
const PAGE: &str = r#"<!DOCTYPE html><html lang="en"><head><title>Rates</title></head><body class="modal-open"><nav><a href="/">Home</a></nav><article class="story"><h1>Rates rise again</h1><p>The central bank raised interest rates on Tuesday, citing inflation that has stayed above its target for a year.</p><h2>Markets</h2><p class="lead">Markets fell after the decision. Jane Doe, a senior analyst at the firm, said <a href="https://example.com/a?utm_source=feed&amp;id=7">the move</a> was expected.</p><iframe src="https://www.youtube.com/embed/mx0ovCyPbfU"></iframe><div class="share-bar">Share on <a href="https://twitter.com/intent/tweet">X</a></div></article><footer>© 2026 Example</footer></body></html>"#;

fuzz_target!(|data: &[u8]| {
    let Ok(json) = std::str::from_utf8(data) else {
        return;
    };
    match Engine::from_json(json) {
        Ok(engine) => {
            let analysis = engine
                .analyze(PAGE, Some("https://news.example.com/a"))
                .expect("the page is refused");
            analysis.render();
        }
        Err(Error::Options(_)) => {}
        Err(e) => panic!("options refused with a non-options error: {e}"),
    }
});

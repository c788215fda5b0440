//! Arbitrary bytes as a plan (what a host hands back to `render`: stored, edited, stale or
//! hostile), applied to a fixed small page: never a panic; a plan that does not read is an
//! `Error::Plan`; every edit is applied or skipped, none both, none lost.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newslens::{render, Error, Plan};

/// A page with a target for every kind of edit (the seeds in fuzz/seeds/plan are its plans).
const PAGE: &str = r#"<!DOCTYPE html><html lang="en"><head><title>Rates</title></head><body class="modal-open" style="overflow:hidden"><nav><a href="/">Home</a></nav><article class="story"><h1>Rates rise again</h1><p>The central bank raised interest rates on Tuesday, citing inflation that has stayed above its target for a year.</p><p>Officials said the new rules would apply to every company that sells software in the region, and that the Federal Reserve kept rates on hold.</p><p>Analysts expect sales to recover next year, when a cheaper model arrives in shops across Europe and inflation slows.</p><h2>Markets</h2><p class="lead">Markets fell after the decision. Jane Doe, a senior analyst at the firm, said <a href="https://example.com/a?utm_source=feed&amp;id=7">the move</a> was expected.</p><iframe src="https://www.youtube.com/embed/mx0ovCyPbfU"></iframe><p>所谓算力是指计算机处理数据的能力，这一指标决定了训练速度。</p><svg><title>x</title></svg><template><p>t</p></template><p>GDP grew 2.1% in the quarter while markets rallied on hopes that the European Central Bank (ECB) would pause.</p><div class="share-bar">Share on <a href="https://twitter.com/intent/tweet">X</a></div></article><footer>© 2026 Example</footer></body></html>"#;

fuzz_target!(|data: &[u8]| {
    let Ok(json) = std::str::from_utf8(data) else {
        return;
    };
    let plan = match Plan::from_json(json) {
        Ok(plan) => plan,
        Err(Error::Plan(_)) => return,
        Err(e) => panic!("plan refused with a non-plan error: {e}"),
    };
    let rendered = render(PAGE, &plan).expect("the page is refused");
    assert_eq!(
        rendered.applied + rendered.skipped.len(),
        plan.edits.len(),
        "edits applied {} + skipped {:?} do not add up to {}",
        rendered.applied,
        rendered.skipped,
        plan.edits.len()
    );
});

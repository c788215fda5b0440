//! Where a piece of text sits on the cleaned page: `cargo run --example trace -- PAGE TEXT…`
//! (PAGE: an HTML file, gzipped or not). Prints, for each text, the chain of elements around
//! its deepest holder on the cleaned page (tag, id, class), or that the clean removed it: the
//! tool for studying what a clean leaves behind.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    native::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::io::Read;

    use newslens::{charset, Engine, Options};
    use scraper::{ElementRef, Html};

    fn squash(s: &str) -> String {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect()
    }

    pub fn main() {
        let args: Vec<String> = std::env::args().skip(1).collect();
        let Some((path, texts)) = args.split_first() else {
            eprintln!("usage: trace PAGE TEXT...");
            std::process::exit(2);
        };
        let mut bytes = std::fs::read(path).expect("read the page");
        if path.ends_with(".gz") {
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_end(&mut out)
                .expect("gunzip");
            bytes = out;
        }
        let source = charset::decode(&bytes).text;
        let engine = Engine::new(Options::default()).expect("engine");
        let analysis = engine.analyze(&source, None).expect("analyze");
        println!("confidence {}", analysis.report().article.confidence);
        let original = Html::parse_document(&source);
        let at = |path: &[u32]| {
            let mut el = original.root_element();
            for &i in path {
                el = el.children().filter_map(ElementRef::wrap).nth(i as usize)?;
            }
            Some(el)
        };
        let describe = |label: &str, e: ElementRef<'_>| {
            let v = e.value();
            println!(
                "{label} <{}> {:?} {:?}: {} characters",
                v.name(),
                v.id().unwrap_or(""),
                v.attr("class").unwrap_or(""),
                squash(&e.text().collect::<String>()).chars().count()
            );
        };
        for e in analysis.article_roots().iter().filter_map(|p| at(p)) {
            describe("root", e);
        }
        let core = analysis.article_core().and_then(&at);
        if let Some(e) = core {
            describe("core", e);
        }
        let core_text = core.map(|e| squash(&e.text().collect::<String>()));
        let roots: Vec<String> = analysis
            .article_roots()
            .iter()
            .filter_map(|p| at(p))
            .map(|e| squash(&e.text().collect::<String>()))
            .collect();
        let cleaned = Html::parse_document(&analysis.render());
        for text in texts {
            let want = squash(text);
            let holder = cleaned
                .root_element()
                .descendants()
                .filter_map(ElementRef::wrap)
                .filter(|e| {
                    !matches!(
                        e.value().name(),
                        "script" | "style" | "noscript" | "template" | "textarea"
                    )
                })
                .filter(|e| squash(&e.text().collect::<String>()).contains(&want))
                .last();
            match holder {
                None => {
                    // The removal that took it: the smallest removed element that holds it.
                    let by = analysis
                        .report()
                        .edits
                        .iter()
                        .filter_map(|e| {
                            let el = at(&e.target.path)?;
                            let t = squash(&el.text().collect::<String>());
                            t.contains(&want).then_some((t.len(), e))
                        })
                        .min_by_key(|(len, _)| *len);
                    match by {
                        Some((len, e)) => println!(
                            "{text:?}: removed by {} ({}) on <{}> {:?} ({len} bytes of text)",
                            e.rule, e.reason, e.target.fingerprint.tag, e.target.fingerprint.class
                        ),
                        None => println!("{text:?}: removed (by no edit that holds it)"),
                    }
                }
                Some(e) => {
                    let chain: Vec<String> = std::iter::once(e)
                        .chain(e.ancestors().filter_map(ElementRef::wrap))
                        .map(|a| {
                            let v = a.value();
                            let mut s = v.name().to_string();
                            if let Some(id) = v.id() {
                                s += &format!("#{id}");
                            }
                            if let Some(c) = v.attr("class") {
                                s += &format!(
                                    ".{}",
                                    c.split_whitespace().collect::<Vec<_>>().join(".")
                                );
                            }
                            s
                        })
                        .collect();
                    let inside = roots.iter().any(|r| r.contains(&want));
                    let in_core = core_text.as_ref().is_some_and(|c| c.contains(&want));
                    println!(
                        "{text:?} ({}):\n    {}",
                        match (inside, in_core) {
                            (true, true) => "in the article's body",
                            (true, false) => "in the article",
                            _ => "outside the article",
                        },
                        chain.join(" < ")
                    );
                }
            }
        }
    }
}

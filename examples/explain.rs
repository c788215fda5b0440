//! Developer tool: which edits removed which ground-truth sentences of a corpus page.
//! `cargo run --release --example explain -- ../shared/corpus/readability/cnn`

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    native::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::path::PathBuf;

    use newslens::{charset, Engine, Options};
    use scraper::{ElementRef, Html};

    fn squash(s: &str) -> String {
        s.chars().filter(|c| !c.is_whitespace()).collect()
    }

    pub fn main() {
        let dir = PathBuf::from(std::env::args().nth(1).expect("corpus page folder"));
        let source = charset::decode(&std::fs::read(dir.join("source.html")).unwrap()).text;
        let truth = if dir.join("expected.html").is_file() {
            let h =
                Html::parse_document(&std::fs::read_to_string(dir.join("expected.html")).unwrap());
            h.root_element().text().collect::<Vec<_>>().join("\n")
        } else {
            std::fs::read_to_string(dir.join("expected.txt")).unwrap()
        };
        let truth = squash(&truth);
        let engine = Engine::new(Options::default()).unwrap();
        let analysis = engine.analyze(&source, None).unwrap();
        let r = analysis.report();
        println!(
            "confidence {} chars {} lang {}",
            r.article.confidence, r.article.characters, r.language
        );
        let doc = Html::parse_document(&source);
        for e in &r.edits {
            if e.action.kind() != "remove" {
                continue;
            }
            let mut node = doc.root_element();
            for &i in &e.target.path {
                node = node
                    .children()
                    .filter_map(ElementRef::wrap)
                    .nth(i as usize)
                    .unwrap();
            }
            let text: String = node.text().collect::<Vec<_>>().join(" ");
            let sq = squash(&text);
            // Any 30-char window of the removed text that is in the ground truth?
            let chars: Vec<char> = sq.chars().collect();
            let hit = chars
                .windows(30.min(chars.len().max(1)))
                .step_by(10)
                .find(|w| chars.len() >= 12 && truth.contains(&w.iter().collect::<String>()));
            let mark = if hit.is_some() { "!!" } else { "  " };
            println!(
                "{mark} #{} {} <{} class={:?} id={:?}> {} chars: {}",
                e.id,
                e.rule,
                e.target.fingerprint.tag,
                e.target.fingerprint.class,
                e.target.fingerprint.id,
                sq.chars().count(),
                text.split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .chars()
                    .take(140)
                    .collect::<String>()
            );
        }
    }
}

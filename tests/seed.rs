//! The reference article: what a clean of it must do, exactly.
#![cfg(not(target_arch = "wasm32"))] // native: files, processes, threads

mod common;

use common::{corpus_dir, squash, visible_text};
use newslens::{Action, Engine, Options};
use scraper::{Html, Selector};

#[test]
fn seed_article_footer_removed_embed_carded_every_paragraph_kept() {
    let Some(corpus) = corpus_dir() else { return };
    let source = std::fs::read_to_string(corpus.join("seed/voa-deepseek/source.html")).unwrap();
    let engine = Engine::new(Options::default()).unwrap();
    let analysis = engine
        .analyze(&source, Some("https://www.voachinese.com/a/7984584.html"))
        .unwrap();
    let report = analysis.report();
    let cleaned = analysis.render();
    let doc = Html::parse_document(&cleaned);

    // The syndication footer and the <hr> before it are gone.
    assert!(!cleaned.contains("获取更多RSS"), "footer still there");
    assert!(!cleaned.contains("feedx.net"), "footer links still there");
    assert_eq!(
        doc.select(&Selector::parse("hr").unwrap()).count(),
        0,
        "the <hr> before the footer is still there"
    );
    let footer = report
        .edits
        .iter()
        .find(|e| e.text.starts_with("获取更多RSS"))
        .expect("the report names the footer removal");
    assert_eq!(
        (footer.action.kind(), footer.rule.as_str()),
        ("remove", "footer.syndication")
    );
    assert!(report
        .edits
        .iter()
        .any(|e| e.target.fingerprint.tag == "hr" && e.rule == "footer.syndication"));

    // The YouTube iframe is a card linking to the watch page; no frame is left.
    assert_eq!(doc.select(&Selector::parse("iframe").unwrap()).count(), 0);
    let card = doc
        .select(&Selector::parse(".newslens-embed a").unwrap())
        .next()
        .expect("a card");
    assert_eq!(
        card.value().attr("href"),
        Some("https://www.youtube.com/watch?v=mx0ovCyPbfU")
    );
    let embed = report
        .edits
        .iter()
        .find_map(|e| match &e.action {
            Action::ReplaceEmbed { embed } => Some((e, embed)),
            _ => None,
        })
        .expect("the report names the embed replacement");
    assert_eq!(embed.0.rule, "embed.youtube");
    assert_eq!(embed.1.video_id.as_deref(), Some("mx0ovCyPbfU"));
    assert_eq!(report.stats.replace_embed, 1);

    // Every paragraph of the article is present verbatim.
    let original = Html::parse_document(&source);
    let cleaned_text = squash(&visible_text(&doc, None));
    let paragraphs: Vec<String> = original
        .select(&Selector::parse("article p").unwrap())
        .map(|p| squash(&p.text().collect::<String>()))
        .filter(|p| !p.is_empty())
        .collect();
    assert!(
        paragraphs.len() >= 29,
        "found {} paragraphs",
        paragraphs.len()
    );
    for p in &paragraphs {
        assert!(cleaned_text.contains(p.as_str()), "paragraph lost: {p}");
    }
    // The title stays too.
    assert!(cleaned_text.contains("专访杜奕瑾：DeepSeek改变美中AI竞争格局？"));
    assert!(report.language.starts_with("zh"));
    assert!(
        report.article.confidence >= 0.9,
        "{}",
        report.article.confidence
    );
}

#[test]
fn seed_outline_and_terms() {
    let Some(corpus) = corpus_dir() else { return };
    let source = std::fs::read_to_string(corpus.join("seed/voa-deepseek/source.html")).unwrap();
    let engine = Engine::new(Options::default()).unwrap();
    let analysis = engine.analyze(&source, None).unwrap();
    let report = analysis.report();

    let titles: Vec<&str> = report.outline.iter().map(|o| o.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "DeepSeek 物美价廉？",
            "DeepSeek证明算力不重要了？",
            "DeepSeek给美国人工智能界敲响警钟？"
        ]
    );
    assert!(report
        .outline
        .iter()
        .all(|o| o.level == 1 && o.minutes >= 1 && o.target.fingerprint.tag == "p"));
    let ids: std::collections::HashSet<&str> =
        report.outline.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids.len(), 3, "ids are unique");

    let find = |term: &str| report.annotations.iter().find(|a| a.term == term);
    let page_defs = [
        ("模型蒸馏", "开发者使用更强大的模型输出的结果来训练小模型"),
        ("幻方量化", "一家从事量化金融的中国公司"),
        ("萨姆·奥尔特曼", "Sam Altman"),
        ("甲骨文", "Oracle"),
        ("杜奕瑾", "台湾人工智能实验室创办人"),
    ];
    for (term, definition) in page_defs {
        let a =
            find(term).unwrap_or_else(|| panic!("{term} not annotated: {:?}", report.annotations));
        assert_eq!(a.source, "page", "{term}");
        assert!(
            a.definition.starts_with(definition),
            "{term}: {}",
            a.definition
        );
    }
    let moe = find("多专家模型")
        .or_else(|| find("MoE"))
        .expect("MoE / 多专家模型 annotated");
    assert!(moe.source.starts_with("pack:"));
    for term in ["GPU", "H800", "大语言模型"] {
        let a = find(term).unwrap_or_else(|| panic!("{term} not annotated"));
        assert!(
            a.source.starts_with("pack:")
                && a.definition
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{term}: {a:?}"
        );
    }
    // The pack's own entry for distillation stays quiet where the article defines the term.
    assert!(find("蒸馏").is_none());

    // Rendered as tooltips around the terms, the text itself unchanged.
    let cleaned = analysis.render();
    let doc = Html::parse_document(&cleaned);
    let spans: Vec<_> = doc
        .select(&Selector::parse("span.newslens-term").unwrap())
        .collect();
    assert_eq!(spans.len(), report.stats.annotate);
    let distil = spans
        .iter()
        .find(|s| s.text().collect::<String>() == "模型蒸馏")
        .unwrap();
    assert!(distil
        .value()
        .attr("title")
        .unwrap()
        .starts_with("开发者使用更强大的模型"));
    let original_text = squash(&visible_text(&Html::parse_document(&source), None));
    let cleaned_text = squash(&visible_text(&doc, Some("newslens-embed")));
    // Wrapping terms changes no text.
    let head: String = cleaned_text.chars().take(300).collect();
    assert!(original_text.contains(&head));
}

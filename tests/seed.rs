//! The reference article: what a clean of it must do, exactly.

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

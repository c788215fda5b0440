//! Report assembly: what the article is (language, size, reading time). The report's types are
//! in [`crate::schema`].

use crate::article::Article;
use crate::page::{self, Page};
use crate::schema::ArticleStats;

/// The article's language (BCP 47) and its statistics.
pub(crate) fn describe(page: &Page, article: &Article) -> (String, ArticleStats) {
    let article_text: String = article
        .roots
        .iter()
        .map(|&r| page.visible_text(r))
        .collect();
    let characters = article
        .roots
        .iter()
        .map(|&r| page.info(r).text)
        .sum::<u32>();
    let cjk = article.roots.iter().map(|&r| page.info(r).cjk).sum::<u32>();
    // Latin-script words; CJK text is counted by characters.
    let words = article_text
        .split(|c: char| c.is_whitespace() || page::is_cjk(c))
        .filter(|w| w.chars().any(|c| c.is_ascii_alphanumeric()))
        .count() as u32;
    let declared = page.root.and_then(|r| page.attr(r, "lang"));
    let sample: String = if article_text.is_empty() {
        page.body
            .map(|b| page.text_excerpt(b, 5000))
            .unwrap_or_default()
    } else {
        article_text.chars().take(5000).collect()
    };
    let language = page::detect_language(&sample, declared);
    let minutes = cjk as f32 / 400.0 + words as f32 / 230.0;

    let stats = ArticleStats {
        confidence: (f64::from(article.confidence) * 100.0).round() / 100.0,
        characters,
        reading_minutes: if characters == 0 {
            0
        } else {
            minutes.ceil().max(1.0) as u32
        },
    };
    (language, stats)
}

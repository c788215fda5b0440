//! The bundled sample pages (`data/samples/`, written for the project): every line of the
//! article kept, every kind of boilerplate the page carries gone, players carded.
#![cfg(not(target_arch = "wasm32"))] // native: files, processes, threads

mod common;

use std::path::Path;

use common::{squash, visible_text};
use newslens::{charset, Action, Engine, Options, Report};
use scraper::{Html, Selector};

struct Sample {
    name: &'static str,
    encoding: &'static str,
    /// Text of boilerplate that must be gone.
    gone: &'static [&'static str],
    /// Rules the report must name.
    rules: &'static [&'static str],
    providers: &'static [&'static str],
    /// In-text definitions the report must show: (term, start of the definition).
    definitions: &'static [(&'static str, &'static str)],
    /// Outline titles, in order.
    outline: &'static [&'static str],
}

const SAMPLES: &[Sample] = &[
    Sample {
        name: "zh-chips",
        encoding: "GBK",
        gone: &[
            "获取更多RSS",
            "分享到",
            "热门文章",
            "相关阅读",
            "扫码关注",
            "点击下载客户端",
            "版权所有",
            "责任编辑",
            "发表评论",
        ],
        rules: &[
            "footer.syndication",
            "social.share",
            "footer.related",
            "tracker.pixel",
            "tracker.noscript",
            "app.download",
        ],
        providers: &["bilibili"],
        definitions: &[
            ("算力", "计算机系统处理数据"),
            ("黄仁勋", "Jensen Huang"),
            ("英伟达", "Nvidia"),
            ("灵算微电子", "一家专注于大模型推理芯片设计的初创公司"),
            ("林晓舟", "该公司创始人兼首席执行官"),
        ],
        outline: &[
            "管制门槛一降再降",
            "国产芯片加速“补位”",
            "大模型企业“精打细算”",
            "长期博弈仍在继续",
        ],
    },
    Sample {
        name: "en-climate",
        encoding: "UTF-8",
        gone: &[
            "More from our feed",
            "Share on Facebook",
            "Most read",
            "We use cookies",
            "Sign up",
            "Join the conversation",
        ],
        rules: &[
            "footer.syndication",
            "social.share",
            "footer.related",
            "tracker.pixel",
            "consent.cookie",
            "consent.scroll-lock",
        ],
        providers: &["youtube"],
        definitions: &[
            ("IPCC", "Intergovernmental Panel on Climate Change"),
            ("Dana Whitfield", "an atmospheric scientist"),
            ("net zero", "the point at which"),
        ],
        outline: &[
            "Why methane, and why now",
            "Carbon capture under the microscope",
            "What happens next",
        ],
    },
    Sample {
        name: "en-markets",
        encoding: "UTF-8",
        gone: &[
            "More from Reuters feed",
            "Share on Facebook",
            "Trending",
            "We use cookies",
            "Get our app",
            "All rights reserved",
        ],
        rules: &[
            "footer.syndication",
            "social.share",
            "footer.related",
            "tracker.pixel",
            "consent.cookie",
            "app.download",
        ],
        providers: &["vimeo", "video"],
        definitions: &[
            ("FOMC", "Federal Open Market Committee"),
            ("Priya Raman", "a senior economist"),
            ("Quantitative tightening", "the process by which"),
        ],
        outline: &[
            "A cautious hold",
            "Slower quantitative tightening",
            "Markets react",
            "Recession risks and the road ahead",
        ],
    },
];

fn clean(name: &str) -> (String, Report, String, &'static str) {
    clean_with(name, Options::default())
}

fn clean_with(name: &str, options: Options) -> (String, Report, String, &'static str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/samples");
    let decoded = charset::decode(&std::fs::read(dir.join(format!("{name}.html"))).unwrap());
    let engine = Engine::new(options).unwrap();
    let analysis = engine
        .analyze(&decoded.text, Some("https://news.example.com/story"))
        .unwrap();
    (
        decoded.text,
        analysis.report().clone(),
        analysis.render(),
        decoded.encoding,
    )
}

#[test]
fn samples_keep_the_article_and_lose_the_boilerplate() {
    for sample in SAMPLES {
        let (_, report, cleaned, encoding) = clean(sample.name);
        assert_eq!(encoding, sample.encoding, "{}", sample.name);
        let doc = Html::parse_document(&cleaned);
        let text = visible_text(&doc, None);
        let squashed = squash(&text);
        let truth = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(format!("data/samples/{}.article.txt", sample.name)),
        )
        .unwrap();
        for line in truth.lines().filter(|l| !l.trim().is_empty()) {
            assert!(
                squashed.contains(&squash(line)),
                "{}: article line lost: {line}",
                sample.name
            );
        }
        for phrase in sample.gone {
            assert!(
                !text.contains(phrase),
                "{}: still shows {phrase:?}",
                sample.name
            );
        }
        for rule in sample.rules {
            assert!(
                report.edits.iter().any(|e| e.rule == *rule),
                "{}: no {rule} edit",
                sample.name
            );
        }
        let providers: Vec<&str> = report
            .edits
            .iter()
            .filter_map(|e| match &e.action {
                Action::ReplaceEmbed { embed } => Some(embed.provider.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(providers, sample.providers, "{}", sample.name);
        for sel in ["iframe", "video[autoplay]", "img[width=\"1\"]"] {
            assert_eq!(
                doc.select(&Selector::parse(sel).unwrap()).count(),
                0,
                "{}: {sel} left",
                sample.name
            );
        }
        assert!(
            !cleaned.contains("utm_source") && !cleaned.contains("fbclid"),
            "{}: tracking parameters left",
            sample.name
        );
        // Of the masthead, the site's identity stays (its logo, a link home: the reader is
        // still on the site); its menu goes.
        let masthead = doc
            .select(&Selector::parse("header").unwrap())
            .next()
            .expect("the masthead");
        let home: Vec<_> = masthead
            .select(&Selector::parse("a").unwrap())
            .filter_map(|a| a.value().attr("href"))
            .collect();
        assert!(
            home.len() == 1 && (home[0].ends_with(".example.com/") || home[0].ends_with(".cn/")),
            "{}: the site's identity is not the one link left in the masthead: {home:?}",
            sample.name
        );
        assert_eq!(
            doc.select(&Selector::parse("header nav").unwrap()).count(),
            0,
            "{}: the site's menu stayed",
            sample.name
        );
        assert_eq!(
            report.stats.guarded, 0,
            "{}: a rule tried to remove article text",
            sample.name
        );
        for (term, definition) in sample.definitions {
            let a = report.annotations.iter().find(|a| a.term == *term);
            assert!(
                a.is_some_and(|a| a.source == "page" && a.definition.starts_with(definition)),
                "{}: {term} not explained from the page: {:?}",
                sample.name,
                report.annotations
            );
        }
        let titles: Vec<&str> = report.outline.iter().map(|o| o.title.as_str()).collect();
        assert_eq!(titles, sample.outline, "{}", sample.name);
        assert!(
            report
                .annotations
                .iter()
                .any(|a| a.source.starts_with("pack:")),
            "{}: no pack terms",
            sample.name
        );
    }
}

#[test]
fn gbk_sample_is_written_as_utf8_with_its_declaration_updated() {
    let (_, report, cleaned, _) = clean("zh-chips");
    assert!(
        cleaned.contains("charset=\"utf-8\"") || cleaned.contains("charset=utf-8"),
        "declaration not updated"
    );
    assert!(report.language.starts_with("zh"));
    assert!(report.title.contains("国产AI芯片"));
}

/// `keepSiteNavigation: true` keeps the masthead whole, its menu included, and changes
/// nothing else.
#[test]
fn keep_site_navigation_keeps_the_masthead_menu() {
    for sample in SAMPLES {
        let options = Options {
            keep_site_navigation: true,
            ..Options::default()
        };
        let (_, report, cleaned, _) = clean_with(sample.name, options);
        let doc = Html::parse_document(&cleaned);
        assert!(
            doc.select(&Selector::parse("header nav a").unwrap())
                .count()
                >= 5,
            "{}: masthead menu lost with keepSiteNavigation",
            sample.name
        );
        let (_, default_report, _, _) = clean(sample.name);
        assert_eq!(
            report.annotations, default_report.annotations,
            "{}: keepSiteNavigation changed the annotations",
            sample.name
        );
        assert!(
            report.stats.remove < default_report.stats.remove,
            "{}",
            sample.name
        );
    }
}

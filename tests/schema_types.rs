//! The TypeScript definitions (`src/schema.d.ts`, shipped in the wasm package's `.d.ts`) against
//! the Rust schema: every field an object serialises to is declared in its interface, every
//! edit kind is in the `Edit` union with its fields, and every option is in `NewslensOptions`.
//! A field added on one side only fails here.
#![cfg(not(target_arch = "wasm32"))] // native: the schema test reads serde_json values

use newslens::{
    Action, Annotation, ArticleStats, Edit, Embed, ExceptionKept, Fingerprint, Hints, KeptEdit,
    Options, OutlineEntry, Plan, Report, RuleMatch, Stats, Target, SCHEMA_VERSION,
};
use serde::Serialize;
use serde_json::Value;

const TS: &str = include_str!("../src/schema.d.ts");

/// The text of `export interface NAME { … }` (or `export type NAME = …;`).
fn declaration(name: &str) -> &'static str {
    let start = TS
        .find(&format!("export interface {name} "))
        .or_else(|| TS.find(&format!("export type {name} ")))
        .unwrap_or_else(|| panic!("schema.d.ts declares no {name}"));
    let rest = &TS[start..];
    let end = rest[1..].find("\nexport ").map_or(rest.len(), |e| e + 1);
    &rest[..end]
}

/// The keys of a serialised value that the declaration must name (`key:` or `key?:`).
fn assert_declares(name: &str, decl: &str, value: &impl Serialize) {
    let Value::Object(map) = serde_json::to_value(value).unwrap() else {
        panic!("{name} does not serialise to an object");
    };
    for key in map.keys() {
        assert!(
            decl.contains(&format!("{key}:")) || decl.contains(&format!("{key}?:")),
            "schema.d.ts: {name} lacks the field `{key}`:\n{decl}"
        );
    }
}

fn target() -> Target {
    Target {
        path: vec![1, 0],
        fingerprint: Fingerprint {
            tag: "div".into(),
            id: Some("a".into()),
            class: Some("b".into()),
            text_hash: 1,
        },
    }
}

fn embed() -> Embed {
    Embed {
        provider: "youtube".into(),
        provider_name: "YouTube".into(),
        video_id: Some("x".into()),
        title: Some("t".into()),
        watch_url: Some("https://www.youtube.com/watch?v=x".into()),
        src: Some("https://www.youtube.com/embed/x".into()),
        autoplay: true,
    }
}

/// One action of every kind. The match makes a new kind a compile error here until it has
/// an example.
fn actions() -> Vec<Action> {
    let all = vec![
        Action::Remove,
        Action::ReplaceEmbed { embed: embed() },
        Action::StripParams {
            attr: "href".into(),
            value: "https://example.com/".into(),
            removed: vec!["utm_source".into()],
        },
        Action::Annotate {
            text_index: 0,
            start: 0,
            end: 3,
            term: "MoE".into(),
            definition: "mixture of experts".into(),
            source: "page".into(),
        },
        Action::UnlockScroll {
            style: Some("color: red".into()),
            class: Some("x".into()),
        },
        Action::Unstick {
            style: "top: 0; position: static !important".into(),
        },
    ];
    for a in &all {
        match a {
            Action::Remove
            | Action::ReplaceEmbed { .. }
            | Action::StripParams { .. }
            | Action::Annotate { .. }
            | Action::UnlockScroll { .. }
            | Action::Unstick { .. } => {}
        }
    }
    all
}

fn outline_entry() -> OutlineEntry {
    OutlineEntry {
        id: "s1".into(),
        level: 1,
        title: "Section".into(),
        minutes: 1,
        target: target(),
    }
}

#[test]
fn every_edit_kind_and_its_fields_are_in_the_edit_union() {
    let union = declaration("Edit");
    for (i, action) in actions().into_iter().enumerate() {
        let edit = Edit {
            id: i as u32 + 1,
            action,
            rule: "r".into(),
            reason: "why".into(),
            text: "text".into(),
            target: target(),
        };
        let Value::Object(map) = serde_json::to_value(&edit).unwrap() else {
            unreachable!()
        };
        let kind = map["kind"].as_str().unwrap();
        let arm = union
            .split("\n  | ")
            .find(|arm| arm.contains(&format!("kind: \"{kind}\"")))
            .unwrap_or_else(|| panic!("schema.d.ts: the Edit union has no kind \"{kind}\""));
        let common = &union[..union.find("& (").unwrap()];
        for key in map.keys() {
            assert!(
                common.contains(&format!("{key}:")) || arm.contains(&format!("{key}:")),
                "schema.d.ts: Edit of kind \"{kind}\" lacks the field `{key}`"
            );
        }
    }
}

#[test]
fn every_schema_type_is_declared_with_all_its_fields() {
    assert_declares(
        "Fingerprint",
        declaration("Fingerprint"),
        &target().fingerprint,
    );
    assert_declares("Target", declaration("Target"), &target());
    assert_declares("Embed", declaration("Embed"), &embed());
    assert_declares(
        "OutlineEntry",
        declaration("OutlineEntry"),
        &outline_entry(),
    );
    let annotation = Annotation {
        term: "MoE".into(),
        definition: "d".into(),
        source: "page".into(),
    };
    assert_declares("Annotation", declaration("Annotation"), &annotation);
    let plan = Plan {
        version: SCHEMA_VERSION,
        edits: Vec::new(),
        outline: vec![outline_entry()],
    };
    assert_declares("Plan", declaration("Plan"), &plan);
    let article = ArticleStats {
        confidence: 1.0,
        characters: 1,
        reading_minutes: 1,
    };
    assert_declares("ArticleStats", declaration("ArticleStats"), &article);
    assert_declares("Stats", declaration("Stats"), &Stats::default());
    let rule_match = RuleMatch {
        rule: "example.com##.promo".into(),
        matched: 2,
    };
    assert_declares("RuleMatch", declaration("RuleMatch"), &rule_match);
    let kept_edit = KeptEdit {
        rule: "related".into(),
        reason: "why".into(),
        text: "text".into(),
    };
    assert_declares("KeptEdit", declaration("KeptEdit"), &kept_edit);
    let kept = ExceptionKept {
        exception: "example.com#@#.promo".into(),
        edits: vec![kept_edit],
    };
    assert_declares("ExceptionKept", declaration("ExceptionKept"), &kept);
    let report = Report {
        version: SCHEMA_VERSION,
        url: Some("https://example.com/".into()),
        title: "t".into(),
        language: "en".into(),
        article,
        edits: Vec::new(),
        outline: Vec::new(),
        annotations: vec![annotation],
        stats: Stats::default(),
        warnings: Vec::new(),
        rule_matches: vec![rule_match],
        kept_by_exceptions: vec![kept],
    };
    assert_declares("Report", declaration("Report"), &report);
    let hints = Hints {
        fixed: vec![vec![1, 0]],
    };
    assert_declares("Hints", declaration("Hints"), &hints);
    assert_declares(
        "NewslensOptions",
        declaration("NewslensOptions"),
        &Options::default(),
    );
}

//! Term packs (JSON in `data/glossary/`: compiled into the native engine, handed over by the host
//! in the wasm build) and the reader's own terms, matched with
//! one Aho–Corasick automaton built once per engine: leftmost-longest, Latin names on word
//! boundaries with case rules (`AI` never matches "said", `US` never matches "us"), CJK names
//! anywhere.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Deserialize;

use crate::options::{CustomTerm, Explain};

/// The bundled packs: name and JSON text. Only the native build compiles them in (feature
/// `bundled-packs`); the extension and the playground ship them as files and pass the ones the
/// reader enabled to the engine, which keeps 300 KB of JSON out of the wasm module.
#[cfg(any(test, feature = "bundled-packs"))]
pub(crate) const PACKS: &[(&str, &str)] = &[
    ("tech", include_str!("../../data/glossary/tech.json")),
    ("economy", include_str!("../../data/glossary/economy.json")),
    (
        "politics",
        include_str!("../../data/glossary/politics.json"),
    ),
    ("science", include_str!("../../data/glossary/science.json")),
];

/// One pack file. `name`, `title`, `license` and `category` are part of the schema that the
/// pack test validates; matching needs only the terms and definitions.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) struct PackFile {
    pub name: String,
    pub title: Bilingual,
    pub license: String,
    pub entries: Vec<PackEntry>,
}

/// One entry of a pack.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) struct PackEntry {
    pub term: String,
    pub aliases: Vec<String>,
    pub category: String,
    /// How well an adult reader of each language already knows the term. Every bundled entry
    /// has one (the pack test checks); a host's pack without levels counts as general.
    #[serde(default)]
    pub level: Option<Levels>,
    pub definition: Bilingual,
}

/// How well a reader knows a term, per language: `NASA` is everyday in English, `利率` in
/// Chinese; `quantitative tightening` is specialist in both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Level {
    /// Every adult reader knows it (`White House`, `卫星`): explained only with `explain: "all"`.
    Everyday,
    /// Heard of, not always understood (`inflation`, `供应链`).
    General,
    /// Needs explaining (`quantitative tightening`, `专项债`, `H20`, `光刻机`).
    Specialist,
}

/// A pack entry's level for English and for Chinese pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Levels {
    pub en: Level,
    pub zh: Level,
}

impl Level {
    /// Whether `explain` lets a term of this level be explained.
    pub fn explained(self, explain: Explain) -> bool {
        match explain {
            Explain::All => true,
            Explain::General => self >= Level::General,
            Explain::Specialist => self == Level::Specialist,
        }
    }
}

/// English and Chinese text.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Bilingual {
    pub en: String,
    pub zh: String,
}

/// Where a definition comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Source {
    Page,
    Pack(std::sync::Arc<str>),
    User,
}

impl Source {
    pub fn label(&self) -> String {
        match self {
            Source::Page => "page".into(),
            Source::Pack(name) => format!("pack:{name}"),
            Source::User => "user".into(),
        }
    }
}

/// A term and its explanation.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub definition: Definition,
    pub source: Source,
    /// Pack entries' levels; `None` for the page's and the reader's terms (always explained).
    pub level: Option<Levels>,
}

#[derive(Debug, Clone)]
pub(crate) enum Definition {
    /// Shown in the page's language.
    Bilingual(Bilingual),
    /// As written (by the page or the reader).
    Text(String),
}

impl Entry {
    pub fn definition_for(&self, chinese: bool) -> &str {
        match &self.definition {
            Definition::Bilingual(b) if chinese => &b.zh,
            Definition::Bilingual(b) => &b.en,
            Definition::Text(t) => t,
        }
    }

    /// The entry's level on a page of this language (`None`: not a pack term).
    pub fn level_for(&self, chinese: bool) -> Option<Level> {
        self.level.map(|l| if chinese { l.zh } else { l.en })
    }
}

/// A name (term or alias) in the automaton.
#[derive(Debug, Clone)]
struct Name {
    entry: u32,
    /// The name as written, kept for names that must match exactly.
    exact: Option<String>,
    latin_start: bool,
    latin_end: bool,
}

/// A match in a text: byte offsets and the entry it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TermMatch {
    pub entry: u32,
    pub start: usize,
    pub end: usize,
}

/// Entries and their automaton.
pub(crate) struct Glossary {
    pub entries: Vec<Entry>,
    /// Which pack terms to explain (option `explain`).
    pub explain: Explain,
    names: Vec<Name>,
    automaton: Option<AhoCorasick>,
}

/// Acronyms and mixed-case names (`AI`, `MoE`, `H800`, `iPhone`) match only as written; others
/// ignore case (`Large language model` at a sentence start).
fn is_case_sensitive(name: &str) -> bool {
    name.chars().skip(1).any(|c| c.is_ascii_uppercase())
        || name.chars().any(|c| c.is_ascii_digit())
        || (name.len() <= 3 && name.chars().all(|c| c.is_ascii_uppercase()))
}

impl Glossary {
    /// Builds the automaton over `(name, entry)` pairs.
    pub fn new(entries: Vec<Entry>, names: Vec<(String, u32)>) -> Glossary {
        let mut seen = std::collections::HashSet::new();
        let mut patterns = Vec::new();
        let mut infos = Vec::new();
        for (name, entry) in names {
            let name = name.trim().to_string();
            // One name, one entry: the first source to claim it keeps it.
            if name.chars().count() < 2 || !seen.insert(name.to_lowercase()) {
                continue;
            }
            infos.push(Name {
                entry,
                exact: is_case_sensitive(&name).then(|| name.clone()),
                latin_start: name.starts_with(|c: char| c.is_ascii_alphanumeric()),
                latin_end: name.ends_with(|c: char| c.is_ascii_alphanumeric()),
            });
            patterns.push(name);
        }
        let automaton = (!patterns.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(true)
                .build(&patterns)
                .expect("patterns are plain strings")
        });
        Glossary {
            entries,
            explain: Explain::All,
            names: infos,
            automaton,
        }
    }

    /// The packs named in `wanted` (all of `available` when `None`) and the reader's terms;
    /// `explain` says which pack terms are explained (all stay in the automaton, so that a
    /// quiet everyday name still keeps a shorter one from matching inside it).
    /// Packs that do not parse, and wanted names no pack has, are reported and skipped.
    pub fn from_packs(
        available: &[&str],
        wanted: Option<&[String]>,
        custom: &[CustomTerm],
        explain: Explain,
    ) -> (Glossary, Vec<String>) {
        let mut warnings = Vec::new();
        let mut packs = Vec::new();
        for (i, json) in available.iter().enumerate() {
            match serde_json::from_str::<PackFile>(json) {
                Ok(pack) => packs.push(pack),
                Err(e) => warnings.push(format!("packs[{i}]: not a term pack ({e}), skipped")),
            }
        }
        if let Some(wanted) = wanted {
            for w in wanted {
                if !packs.iter().any(|p| &p.name == w) {
                    let known: Vec<&str> = packs.iter().map(|p| p.name.as_str()).collect();
                    warnings.push(format!(
                        "packs: unknown pack \"{w}\" (known: {}), skipped",
                        if known.is_empty() {
                            "none loaded".to_string()
                        } else {
                            known.join(", ")
                        }
                    ));
                }
            }
        }
        let mut entries = Vec::new();
        let mut names = Vec::new();
        // The reader's terms first: they win over packs for the same name.
        for t in custom {
            let id = entries.len() as u32;
            entries.push(Entry {
                definition: Definition::Text(t.definition.clone()),
                source: Source::User,
                level: None,
            });
            names.push((t.term.clone(), id));
            names.extend(t.aliases.iter().map(|a| (a.clone(), id)));
        }
        for pack in packs {
            if wanted.is_some_and(|w| !w.contains(&pack.name)) {
                continue;
            }
            let source = Source::Pack(pack.name.as_str().into());
            for e in pack.entries {
                let id = entries.len() as u32;
                entries.push(Entry {
                    definition: Definition::Bilingual(e.definition),
                    source: source.clone(),
                    level: Some(e.level.unwrap_or(Levels {
                        en: Level::General,
                        zh: Level::General,
                    })),
                });
                names.push((e.term, id));
                names.extend(e.aliases.into_iter().map(|a| (a, id)));
            }
        }
        let mut glossary = Glossary::new(entries, names);
        glossary.explain = explain;
        (glossary, warnings)
    }

    /// Matches in `text` that pass the boundary and case rules, in order, not overlapping.
    pub fn find(&self, text: &str) -> Vec<TermMatch> {
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for m in ac.find_iter(text) {
            let name = &self.names[m.pattern().as_usize()];
            let found = &text[m.start()..m.end()];
            if name.exact.as_deref().is_some_and(|exact| exact != found) {
                continue;
            }
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            let joined = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
            if (name.latin_start && joined(before)) || (name.latin_end && joined(after)) {
                continue;
            }
            out.push(TermMatch {
                entry: name.entry,
                start: m.start(),
                end: m.end(),
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn packs_are_valid() {
        let mut names: HashMap<String, String> = HashMap::new();
        let mut total = 0;
        for (file, json) in PACKS {
            let pack: PackFile =
                serde_json::from_str(json).unwrap_or_else(|e| panic!("{file}: {e}"));
            assert_eq!(pack.name, *file);
            assert!(
                !pack.title.en.is_empty()
                    && !pack.title.zh.is_empty()
                    && pack.license.contains("MIT")
            );
            for e in &pack.entries {
                total += 1;
                let where_ = format!("{file}: {}", e.term);
                assert!(!e.category.is_empty(), "{where_}: no category");
                assert!(e.level.is_some(), "{where_}: no level (en and zh)");
                let en = e.definition.en.chars().count();
                let zh = e.definition.zh.chars().count();
                assert!(
                    (40..=220).contains(&en),
                    "{where_}: English definition is {en} characters"
                );
                assert!(
                    (15..=90).contains(&zh),
                    "{where_}: Chinese definition is {zh} characters"
                );
                assert!(
                    e.definition.en.ends_with('.') && e.definition.zh.ends_with('。'),
                    "{where_}: definitions end a sentence"
                );
                assert!(
                    e.definition.zh.chars().any(crate::page::is_cjk),
                    "{where_}: Chinese definition has no Chinese"
                );
                assert!(
                    std::iter::once(&e.term)
                        .chain(&e.aliases)
                        .any(|n| n.chars().any(crate::page::is_cjk)),
                    "{where_}: no Chinese name"
                );
                for n in std::iter::once(&e.term).chain(&e.aliases) {
                    assert!(n.chars().count() >= 2, "{where_}: name {n:?} too short");
                    let key = n.to_lowercase();
                    if let Some(prev) = names.insert(key, where_.clone()) {
                        panic!("name {n:?} appears in {prev} and {where_}");
                    }
                }
            }
        }
        assert!(total >= 300, "{total} entries");
    }

    #[test]
    fn packs_given_as_text_are_checked_and_picked_by_name() {
        let tech = PACKS.iter().find(|(n, _)| *n == "tech").unwrap().1;
        let wanted = ["tech".to_string(), "economy".to_string()];
        let (g, warnings) =
            Glossary::from_packs(&["[]", tech], Some(&wanted), &[], Explain::General);
        assert!(
            warnings[0].starts_with("packs[0]: not a term pack"),
            "{warnings:?}"
        );
        assert_eq!(
            warnings[1],
            "packs: unknown pack \"economy\" (known: tech), skipped"
        );
        assert!(!g.entries.is_empty());
        assert!(g
            .entries
            .iter()
            .all(|e| e.source == Source::Pack("tech".into())));
        let (none, warnings) = Glossary::from_packs(&[], None, &[], Explain::General);
        assert!(none.entries.is_empty() && warnings.is_empty());
    }

    #[test]
    fn case_and_boundary_rules() {
        let g = Glossary::new(
            vec![
                Entry {
                    definition: Definition::Text("a".into()),
                    source: Source::User,
                    level: None,
                },
                Entry {
                    definition: Definition::Text("b".into()),
                    source: Source::User,
                    level: None,
                },
                Entry {
                    definition: Definition::Text("c".into()),
                    source: Source::User,
                    level: None,
                },
            ],
            vec![
                ("AI".into(), 0),
                ("US".into(), 1),
                ("大语言模型".into(), 2),
                ("large language model".into(), 2),
            ],
        );
        let hits = |t: &str| {
            g.find(t)
                .into_iter()
                .map(|m| t[m.start..m.end].to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(hits("He said AI will help us and the US."), ["AI", "US"]);
        assert_eq!(
            hits("Large language models and a large language model"),
            ["large language model"]
        );
        assert_eq!(hits("新的大语言模型Grok3"), ["大语言模型"]);
        assert_eq!(hits("AIs, Ai, FAIR, AI-powered"), ["AI"]);
    }
}

//! Options shared by the CLI, the extension and the playground.
//!
//! One JSON schema (camelCase) everywhere. Unknown fields and wrong types are errors that name
//! the field; a malformed entry inside `customGlossary` or `rules` is reported as a warning and
//! skipped, so one bad line never disables the rest. Host settings (which sites the extension
//! cleans on load, or never) are the host's: the engine never reads them.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};

/// What a clean does. Every field has a default, so `{}` is a valid options document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Options {
    /// Remove boilerplate (syndication footers, share bars, related lists, sidebars, banners)
    /// and trackers, and strip tracking parameters from links. Default `true`.
    pub clean: bool,
    /// Replace video-host players and autoplaying media with click-to-play cards. Default `true`.
    pub embeds: bool,
    /// Explain terms with inline tooltips. Default `true`.
    pub glossary: bool,
    /// Build a section outline. Default `true`.
    pub outline: bool,
    /// Which pack terms to explain, by their level for the page's language: `"specialist"`
    /// (only specialist terms), `"general"` (the default: general and specialist terms) or
    /// `"all"` (everyday terms too, for language learners). Definitions the page gives and the
    /// reader's own terms are always explained.
    pub explain: Explain,
    /// Names of the enabled glossary packs; `null` (the default) enables every pack the engine
    /// has (compiled in, or given to `Engine::with_packs` / `new Engine(options, packs)`) and
    /// `[]` none (then only definitions from the page and `customGlossary` are used).
    pub packs: Option<Vec<String>>,
    /// The reader's own glossary entries: `{"term": "…", "definition": "…", "aliases": ["…"]}`.
    /// Default empty. Malformed entries are reported and skipped.
    pub custom_glossary: Vec<Value>,
    /// Cosmetic rules in uBlock Origin syntax: `example.com##.selector` (one site),
    /// `a.com,b.org##div.promo` (several), `~shop.a.com,a.com##.x` (exclusions), `##.selector`
    /// (every site), and exceptions with the same sites, `example.com#@#.selector`: what an
    /// exception matches is never removed there, nor anything holding it or in it. Lines
    /// starting with `!` are comments. Default empty. Malformed rules are reported and skipped.
    pub rules: Vec<Value>,
    /// Keep the site's masthead whole, its top menu and search included, instead of only the
    /// site's name or logo. Default `false`.
    pub keep_site_navigation: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            clean: true,
            embeds: true,
            glossary: true,
            outline: true,
            explain: Explain::General,
            packs: None,
            custom_glossary: Vec::new(),
            rules: Vec::new(),
            keep_site_navigation: false,
        }
    }
}

impl Options {
    /// Reads options from JSON text. The error names the offending field and its position.
    pub fn from_json(json: &str) -> Result<Self> {
        let value: Value =
            serde_json::from_str(json).map_err(|e| Error::Options(describe_json_error(&e)))?;
        Options::from_value(value)
    }

    /// Reads options from an already parsed JSON value (the extension's storage, say).
    pub fn from_value(value: Value) -> Result<Self> {
        // serde would also accept an array (a struct's tuple form): options are an object.
        if !value.is_object() {
            return Err(Error::Options(
                "expected a JSON object like {\"clean\": true}".into(),
            ));
        }
        serde_json::from_value(value.clone()).map_err(|e| Error::Options(name_field(&value, &e)))
    }
}

/// serde_json's message already ends with "at line L column C".
fn describe_json_error(e: &serde_json::Error) -> String {
    e.to_string()
}

/// serde_json names unknown fields but not the field whose value has the wrong type: find it
/// by reading each field alone.
fn name_field(value: &Value, e: &serde_json::Error) -> String {
    let Some(obj) = value.as_object() else {
        return e.to_string();
    };
    obj.iter()
        .find_map(|(key, v)| {
            let single = Value::Object([(key.clone(), v.clone())].into_iter().collect());
            serde_json::from_value::<Options>(single)
                .err()
                .map(|err| format!("\"{key}\": {err}"))
        })
        .unwrap_or_else(|| e.to_string())
}

/// How plain a pack term may be and still be explained (option `explain`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Explain {
    /// Only terms a pack marks specialist.
    Specialist,
    /// General and specialist terms (the default).
    #[default]
    General,
    /// Every term, everyday ones too.
    All,
}

/// A user glossary entry that passed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomTerm {
    /// The term as it appears in text.
    pub term: String,
    /// Other spellings matched as the same term.
    pub aliases: Vec<String>,
    /// The explanation shown in the tooltip.
    pub definition: String,
}

/// Longest accepted term or alias, in characters.
pub const MAX_TERM_CHARS: usize = 100;
/// Longest accepted definition, in characters.
pub const MAX_DEFINITION_CHARS: usize = 1000;

impl CustomTerm {
    /// Validates one `customGlossary` entry; the error says what is wrong with it.
    pub fn from_value(value: &Value) -> std::result::Result<Self, String> {
        let obj = value
            .as_object()
            .ok_or_else(|| "expected an object with \"term\" and \"definition\"".to_string())?;
        for key in obj.keys() {
            if !matches!(key.as_str(), "term" | "definition" | "aliases") {
                return Err(format!("unknown field \"{key}\""));
            }
        }
        let text = |key: &str, max: usize| -> std::result::Result<String, String> {
            let s = obj
                .get(key)
                .and_then(Value::as_str)
                .ok_or_else(|| format!("\"{key}\" must be a string"))?
                .trim();
            check_text(key, s, max)
        };
        let term = text("term", MAX_TERM_CHARS)?;
        let definition = text("definition", MAX_DEFINITION_CHARS)?;
        let aliases = match obj.get("aliases") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .map(|a| {
                    a.as_str()
                        .ok_or_else(|| "\"aliases\" must be a list of strings".to_string())
                        .and_then(|s| check_text("alias", s.trim(), MAX_TERM_CHARS))
                })
                .collect::<std::result::Result<_, _>>()?,
            Some(_) => return Err("\"aliases\" must be a list of strings".into()),
        };
        Ok(CustomTerm {
            term,
            aliases,
            definition,
        })
    }
}

fn check_text(key: &str, s: &str, max: usize) -> std::result::Result<String, String> {
    if s.is_empty() {
        return Err(format!("\"{key}\" is empty"));
    }
    if s.chars().count() > max {
        return Err(format!("\"{key}\" is longer than {max} characters"));
    }
    if s.chars().any(|c| c.is_control() && c != '\t') {
        return Err(format!("\"{key}\" contains control characters"));
    }
    Ok(s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_object_gives_defaults() {
        assert_eq!(Options::from_json("{}").unwrap(), Options::default());
    }

    #[test]
    fn unknown_field_is_named() {
        let err = Options::from_json(r#"{"clean": true, "cleen": false}"#).unwrap_err();
        assert!(err.to_string().contains("cleen"), "{err}");
    }

    #[test]
    fn wrong_type_is_named() {
        let err = Options::from_json(r#"{"embeds": "yes"}"#).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("invalid type") && msg.contains("\"embeds\""),
            "{msg}"
        );
    }

    #[test]
    fn explain_levels() {
        assert_eq!(Options::default().explain, Explain::General);
        for (json, want) in [
            (r#"{"explain": "specialist"}"#, Explain::Specialist),
            (r#"{"explain": "general"}"#, Explain::General),
            (r#"{"explain": "all"}"#, Explain::All),
        ] {
            assert_eq!(Options::from_json(json).unwrap().explain, want);
        }
        for bad in [r#"{"explain": "everyday"}"#, r#"{"explain": 1}"#] {
            let msg = Options::from_json(bad).unwrap_err().to_string();
            assert!(msg.contains("\"explain\""), "{msg}");
        }
    }

    #[test]
    fn malformed_json_is_an_error() {
        assert!(matches!(
            Options::from_json("{\"clean\": tru"),
            Err(Error::Options(_))
        ));
    }

    #[test]
    fn custom_terms_are_validated_one_by_one() {
        let ok = serde_json::json!({"term": "MoE", "definition": "Mixture of experts.", "aliases": ["混合专家"]});
        assert_eq!(
            CustomTerm::from_value(&ok).unwrap().aliases,
            vec!["混合专家"]
        );
        for bad in [
            serde_json::json!("MoE"),
            serde_json::json!({"term": "", "definition": "x"}),
            serde_json::json!({"term": "x"}),
            serde_json::json!({"term": "x", "definition": "y", "extra": 1}),
            serde_json::json!({"term": "x", "definition": "y", "aliases": "z"}),
        ] {
            assert!(CustomTerm::from_value(&bad).is_err(), "{bad}");
        }
    }
}

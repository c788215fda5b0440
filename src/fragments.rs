//! Class/id fragment tables, matched in one pass.
//!
//! Every stage asks "does this element's class or id contain one of these fragments?" of
//! (nearly) every element, and a table holds dozens of fragments: one Aho–Corasick automaton
//! per table, built on first use, answers in a single pass over the short `class id` string
//! instead of one substring search per fragment.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

/// A table of lower-case fragments (`share`, `related`, …), searched as substrings.
pub(crate) struct Fragments {
    list: &'static [&'static str],
    automaton: OnceLock<AhoCorasick>,
}

impl Fragments {
    pub const fn new(list: &'static [&'static str]) -> Self {
        Fragments {
            list,
            automaton: OnceLock::new(),
        }
    }

    fn automaton(&self) -> &AhoCorasick {
        self.automaton
            .get_or_init(|| AhoCorasick::new(self.list).expect("fragment tables are small"))
    }

    /// Whether `haystack` contains any of the fragments.
    pub fn is_match(&self, haystack: &str) -> bool {
        !haystack.is_empty() && self.automaton().is_match(haystack)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_any_fragment_anywhere() {
        static TABLE: Fragments = Fragments::new(&["share", "hare", "bar"]);
        assert!(TABLE.is_match("post-share-bar "));
        assert!(TABLE.is_match("sidebar "));
        assert!(!TABLE.is_match("article-body "));
        assert!(!TABLE.is_match(""));
    }
}

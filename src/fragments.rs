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

    /// The fragments `haystack` contains, in table order.
    pub fn contained_in(&self, haystack: &str) -> impl Iterator<Item = &'static str> {
        let mut found = vec![false; self.list.len()];
        for m in self.automaton().find_overlapping_iter(haystack) {
            found[m.pattern().as_usize()] = true;
        }
        self.list
            .iter()
            .zip(found)
            .filter_map(|(&fragment, found)| found.then_some(fragment))
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
        let found: Vec<&str> = TABLE.contained_in("a bar, a share").collect();
        assert_eq!(found, ["share", "hare", "bar"]);
        assert_eq!(TABLE.contained_in("bar bar").collect::<Vec<_>>(), ["bar"]);
    }
}

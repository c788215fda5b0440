//! The reader's own cosmetic rules, in uBlock Origin syntax: `example.com##.selector`,
//! `a.com,b.org##div.promo`, `~shop.example.com,example.com##.ad` (exclusions), `##.selector`
//! (every site). Lines starting with `!` are comments.
//!
//! Exceptions (`example.com#@#.selector`, same host syntax) say "never remove this here": an
//! element an exception matches stays whole. No removal, whichever rule asked for it, takes the
//! element, anything that holds it, or anything inside it (trackers inside it excepted: they
//! show nothing). See [`Exceptions`].

use scraper::Selector;
use serde_json::Value;

use super::trackers::site_matches;
use crate::page::{Ix, Page};
use crate::plan::Planned;
use crate::schema::{Action, ExceptionKept, KeptEdit, RuleMatch};

/// A parsed rule.
#[derive(Debug)]
pub(crate) struct UserRule {
    /// The rule as the reader wrote it.
    pub text: String,
    /// `#@#`: an exception (what it matches is never removed), not a rule that removes.
    pub exception: bool,
    include: Vec<String>,
    exclude: Vec<String>,
    pub selector: Selector,
}

impl UserRule {
    /// The rule applies on a page of this host (`None`: the host is unknown, so only rules
    /// for every site apply).
    pub fn applies_to(&self, host: Option<&str>) -> bool {
        match host {
            None => self.include.is_empty() && self.exclude.is_empty(),
            Some(h) => {
                (self.include.is_empty() || self.include.iter().any(|s| site_matches(h, s)))
                    && !self.exclude.iter().any(|s| site_matches(h, s))
            }
        }
    }
}

/// Parses the `rules` option: the rules that are valid, and a warning for each that is not.
pub(crate) fn parse(values: &[Value]) -> (Vec<UserRule>, Vec<String>) {
    let mut rules = Vec::new();
    let mut warnings = Vec::new();
    for (i, v) in values.iter().enumerate() {
        let Some(line) = v.as_str() else {
            warnings.push(format!("rules[{i}]: expected a string, skipped"));
            continue;
        };
        match parse_line(line) {
            Ok(Some(rule)) => rules.push(rule),
            Ok(None) => {}
            Err(e) => warnings.push(format!(
                "rules[{i}] \"{}\": {e}, skipped",
                truncate(line, 80)
            )),
        }
    }
    (rules, warnings)
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        s.chars().take(max).chain(['…']).collect()
    }
}

/// The rule types of uBlock Origin that Newslens does not run: procedural and CSS-injection
/// filters, scriptlets, HTML filters, and their exceptions. Longest first where one starts
/// another (`##+js` before `##`).
const UNSUPPORTED: [&str; 12] = [
    "#@#+js", "#@#^", "#@?#", "#@$?#", "#@$#", "#@%#", "##+js", "##^", "#?#", "#$?#", "#$#", "#%#",
];

fn parse_line(line: &str) -> Result<Option<UserRule>, String> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('!') {
        return Ok(None);
    }
    // A host list holds no `#`: the first one starts the separator.
    let syntax =
        || "expected \"host##selector\", \"##selector\" or \"host#@#selector\"".to_string();
    let at = line.find('#').ok_or_else(syntax)?;
    let (hosts, rest) = line.split_at(at);
    if let Some(unsupported) = UNSUPPORTED.iter().find(|u| rest.starts_with(**u)) {
        return Err(format!(
            "\"{unsupported}\" rules are not supported (only element hiding with \"##\" and its exceptions with \"#@#\")"
        ));
    }
    let (exception, selector) = if let Some(selector) = rest.strip_prefix("#@#") {
        (true, selector)
    } else if let Some(selector) = rest.strip_prefix("##") {
        (false, selector)
    } else {
        return Err(syntax());
    };
    let selector = selector.trim();
    if selector.is_empty() {
        return Err("the selector is empty".into());
    }
    if selector.len() > 2000 {
        return Err("the selector is longer than 2000 characters".into());
    }
    let parsed = Selector::parse(selector).map_err(|e| format!("invalid selector: {e}"))?;
    let (mut include, mut exclude) = (Vec::new(), Vec::new());
    for host in hosts.split(',').map(str::trim).filter(|h| !h.is_empty()) {
        let (list, name) = match host.strip_prefix('~') {
            Some(h) => (&mut exclude, h),
            None => (&mut include, host),
        };
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '*'))
        {
            return Err(format!("\"{host}\" is not a host name"));
        }
        list.push(name.to_ascii_lowercase());
    }
    Ok(Some(UserRule {
        text: line.to_string(),
        exception,
        include,
        exclude,
        selector: parsed,
    }))
}

/// Reason given for a removal one of the reader's `##` rules asked for.
fn removal_reason(rule: &UserRule) -> String {
    format!("your rule: {}", rule.text)
}

/// The reader's rules on one page, each matched once (`page.html.select`): the removals the
/// `##` rules ask for, the elements the `#@#` exceptions keep, and how many elements each
/// matched.
#[derive(Default)]
pub(crate) struct Matched<'r> {
    /// Removal candidates of the `##` rules (rule `user`).
    pub removals: Vec<Planned>,
    /// What the exceptions keep.
    pub exceptions: Exceptions<'r>,
    /// Every rule and exception that applies to the page's host, in the reader's order, with
    /// the number of elements it matched.
    pub counts: Vec<RuleMatch>,
}

/// Matches the rules and exceptions that apply to `host` against the page.
pub(crate) fn apply<'r>(page: &Page, rules: &'r [UserRule], host: Option<&str>) -> Matched<'r> {
    let mut removals = Vec::new();
    let mut exceptions = Exceptions::default();
    let mut counts = Vec::new();
    for rule in rules.iter().filter(|r| r.applies_to(host)) {
        let mut matched = 0;
        let which = exceptions.rules.len();
        for el in page.html.select(&rule.selector) {
            matched += 1;
            let ix = page.ix(el.id());
            if rule.exception {
                exceptions.kept.push((ix, page.info(ix).end, which));
            } else {
                removals.push(Planned::remove(ix, 3, "user", removal_reason(rule)));
            }
        }
        if rule.exception {
            exceptions.rules.push(rule);
        }
        counts.push(RuleMatch {
            rule: rule.text.clone(),
            matched,
        });
    }
    // The outermost kept elements, each with the first exception (in the reader's order) that
    // keeps it: what lies inside one is kept with it.
    exceptions.kept.sort_unstable();
    let mut end_of_last: Option<Ix> = None;
    exceptions.kept.retain(|&(ix, end, _)| {
        let nested = end_of_last.is_some_and(|last| ix <= last);
        if !nested {
            end_of_last = Some(end);
        }
        !nested
    });
    Matched {
        removals,
        exceptions,
        counts,
    }
}

/// The elements the reader's exceptions keep on one page.
#[derive(Default)]
pub(crate) struct Exceptions<'r> {
    /// The exceptions that apply to the page's host.
    rules: Vec<&'r UserRule>,
    /// The outermost kept elements, as ordered, disjoint `(first, last)` node indexes, each with
    /// the index in `rules` of the exception that keeps it.
    kept: Vec<(Ix, Ix, usize)>,
}

impl Exceptions<'_> {
    /// The exception that forbids `removal` of its target: one that keeps the element itself,
    /// an element around it (what is kept stays whole; only trackers inside it still go), or
    /// the first kept element inside it (removing an ancestor removes what it holds).
    fn forbidding(&self, page: &Page, removal: &Planned) -> Option<usize> {
        let ix = removal.ix;
        let pos = self.kept.partition_point(|&(first, _, _)| first <= ix);
        if let Some(&(first, last, which)) = pos.checked_sub(1).map(|p| &self.kept[p]) {
            if ix <= last {
                let tracker_inside = ix > first && removal.rule.starts_with("tracker.");
                return (!tracker_inside).then_some(which);
            }
        }
        let &(first, _, which) = self.kept.get(pos)?;
        (first <= page.info(ix).end).then_some(which)
    }

    /// Takes out of `cands` every removal an exception forbids, and returns them with the
    /// exception that forbade each. Other edits (cards, unsticking, link rewrites) stay: they
    /// keep the element in the page.
    pub fn withhold(&self, page: &Page, cands: &mut Vec<Planned>) -> Vec<(usize, Planned)> {
        if self.kept.is_empty() {
            return Vec::new();
        }
        let mut withheld = Vec::new();
        let mut allowed = Vec::with_capacity(cands.len());
        for c in cands.drain(..) {
            match matches!(c.action, Action::Remove)
                .then(|| self.forbidding(page, &c))
                .flatten()
            {
                Some(which) => withheld.push((which, c)),
                None => allowed.push(c),
            }
        }
        *cands = allowed;
        withheld
    }

    /// What each exception kept: of the removals [`Exceptions::withhold`] took out, those the
    /// plan would have had without the exceptions (one per element, none inside another, none
    /// inside an element that is removed or replaced anyway: `gone`), grouped by exception in
    /// the reader's order.
    pub fn kept(
        &self,
        page: &Page,
        mut withheld: Vec<(usize, Planned)>,
        gone: impl Fn(Ix) -> bool,
    ) -> Vec<ExceptionKept> {
        withheld.sort_by_key(|(_, c)| (c.ix, c.priority));
        let mut per_rule: Vec<Vec<KeptEdit>> = self.rules.iter().map(|_| Vec::new()).collect();
        let mut covered_until: Option<Ix> = None; // end of the last listed removal
        for (which, c) in withheld {
            if covered_until.is_some_and(|end| c.ix <= end) || gone(c.ix) {
                continue;
            }
            covered_until = Some(page.info(c.ix).end);
            per_rule[which].push(KeptEdit {
                rule: c.rule,
                reason: c.reason,
                text: page.text_excerpt(c.ix, 80),
            });
        }
        self.rules
            .iter()
            .zip(per_rule)
            .filter(|(_, edits)| !edits.is_empty())
            .map(|(rule, edits)| ExceptionKept {
                exception: rule.text.clone(),
                edits,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse_strs(lines: &[&str]) -> (Vec<UserRule>, Vec<String>) {
        parse(&lines.iter().map(|l| json!(l)).collect::<Vec<_>>())
    }

    #[test]
    fn parses_and_reports() {
        let (rules, warnings) = parse(&[
            json!("example.com##.promo"),
            json!("! a comment"),
            json!("##div[data-ad]"),
            json!("~shop.example.com,example.com##.x"),
            json!("example.com##"),
            json!("example.com#@#.x"),
            json!("bad host##.x"),
            json!("example.com##div[[["),
            json!(42),
        ]);
        assert_eq!(rules.len(), 4);
        assert_eq!(warnings.len(), 4, "{warnings:?}");
        assert!(rules[0].applies_to(Some("www.example.com")));
        assert!(!rules[0].applies_to(Some("example.org")));
        assert!(!rules[0].applies_to(None));
        assert!(rules[1].applies_to(None));
        assert!(!rules[2].applies_to(Some("shop.example.com")));
        assert!(rules[2].applies_to(Some("news.example.com")));
        assert!(rules[..3].iter().all(|r| !r.exception));
        assert!(rules[3].exception);
        assert_eq!(rules[3].text, "example.com#@#.x");
    }

    #[test]
    fn exceptions_match_sites_like_rules() {
        let (rules, warnings) = parse_strs(&[
            "  example.com#@#.promo  ",
            "a.com,b.org#@#aside",
            "~shop.example.com,example.com#@#div.related",
            "#@#.newsletter",
            "~forum.example.net#@#.x",
        ]);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(rules.len(), 5);
        assert!(rules.iter().all(|r| r.exception));
        // One site, its subdomains and `www.`; not another site, not an unknown host.
        let [one, two, excluded, every, only_excluded] = &rules[..] else {
            unreachable!()
        };
        assert_eq!(one.text, "example.com#@#.promo", "trimmed");
        assert!(one.applies_to(Some("example.com")));
        assert!(one.applies_to(Some("www.example.com")));
        assert!(one.applies_to(Some("news.example.com")));
        assert!(!one.applies_to(Some("example.org")));
        assert!(!one.applies_to(Some("notexample.com")));
        assert!(!one.applies_to(None));
        // Several sites.
        assert!(two.applies_to(Some("a.com")));
        assert!(two.applies_to(Some("www.b.org")));
        assert!(!two.applies_to(Some("c.com")));
        // An excluded subdomain.
        assert!(excluded.applies_to(Some("news.example.com")));
        assert!(!excluded.applies_to(Some("shop.example.com")));
        assert!(!excluded.applies_to(Some("a.shop.example.com")));
        // Every site, the unknown host included.
        assert!(every.applies_to(Some("example.com")));
        assert!(every.applies_to(Some("anything.org")));
        assert!(every.applies_to(None));
        // Every site but one.
        assert!(only_excluded.applies_to(Some("example.net")));
        assert!(!only_excluded.applies_to(Some("forum.example.net")));
        assert!(!only_excluded.applies_to(None));
    }

    #[test]
    fn malformed_exceptions_are_reported_and_skipped() {
        let long = format!("example.com#@#.{}", "a".repeat(2001));
        let (rules, warnings) = parse_strs(&[
            "example.com#@#",
            "example.com#@#   ",
            &long,
            "example.com#@#div[[[",
            "bad host#@#.x",
            "exa/mple.com#@#.x",
            "~#@#.x",
            "example.com#@#.fine",
        ]);
        assert_eq!(rules.len(), 1, "only the last one is valid");
        assert_eq!(rules[0].text, "example.com#@#.fine");
        assert_eq!(warnings.len(), 7, "{warnings:?}");
        for (i, want) in [
            (0, "the selector is empty"),
            (1, "the selector is empty"),
            (2, "longer than 2000 characters"),
            (3, "invalid selector"),
            (4, "\"bad host\" is not a host name"),
            (5, "\"exa/mple.com\" is not a host name"),
            (6, "\"~\" is not a host name"),
        ] {
            let w = &warnings[i];
            assert!(
                w.starts_with(&format!("rules[{i}] \"")),
                "names the line: {w}"
            );
            assert!(w.contains(want), "{w} should say {want}");
            assert!(w.ends_with("skipped"), "{w}");
        }
        // The line is quoted, shortened when long.
        assert!(
            warnings[0].contains("\"example.com#@#\""),
            "{}",
            warnings[0]
        );
        assert!(warnings[2].contains('…'), "{}", warnings[2]);
    }

    #[test]
    fn other_rule_types_are_refused_by_name() {
        let lines = [
            ("example.com#?#div:has-text(Sponsored)", "#?#"),
            ("example.com#$#body { overflow: auto !important; }", "#$#"),
            (
                "example.com#%#//scriptlet('abort-on-property-read', 'ads')",
                "#%#",
            ),
            ("example.com##+js(aopr, ads)", "##+js"),
            ("example.com##^script:has-text(ads)", "##^"),
            ("example.com#@#+js(aopr, ads)", "#@#+js"),
            ("example.com#@#^script", "#@#^"),
            ("example.com#@?#div:has-text(x)", "#@?#"),
            ("example.com#$?#div { color: red }", "#$?#"),
            ("example.com/path", "expected \"host##selector\""),
            ("example.com#.x", "expected \"host##selector\""),
        ];
        let (rules, warnings) = parse_strs(&lines.map(|(l, _)| l));
        assert!(rules.is_empty(), "{rules:?}");
        assert_eq!(warnings.len(), lines.len());
        for ((line, what), w) in lines.iter().zip(&warnings) {
            assert!(w.contains(what), "{line}: {w}");
            if what.starts_with('#') {
                assert!(
                    w.contains(&format!("\"{what}\" rules are not supported")),
                    "{line}: {w}"
                );
            }
        }
    }

    #[test]
    fn a_hash_inside_the_selector_is_the_selector_s() {
        let (rules, warnings) = parse_strs(&[
            "example.com##a[href=\"#top\"]",
            "##a[href=\"#$#\"]",
            "example.com#@#a[href^=\"#@#\"]",
            "##div#main",
        ]);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            rules.iter().map(|r| r.exception).collect::<Vec<_>>(),
            [false, false, true, false]
        );
    }

    #[test]
    fn exceptions_keep_what_they_match_whole() {
        let page = Page::parse(
            "<html><body><div id=outer><div id=inner><div class=keep id=kept><p id=in>kept</p>\
             <img id=pixel src=x></div></div><p id=sibling>other</p></div>\
             <p class=keep>second</p><div id=away>x</div></body></html>",
        );
        let (rules, _) = parse_strs(&["example.com#@#.keep", "##p", "other.org#@#div"]);
        let matched = apply(&page, &rules, Some("example.com"));
        let count = |t: &str| {
            matched
                .counts
                .iter()
                .find(|m| m.rule == t)
                .map(|m| m.matched)
        };
        assert_eq!(count("example.com#@#.keep"), Some(2));
        assert_eq!(count("##p"), Some(3));
        assert_eq!(count("other.org#@#div"), None, "another site's: not listed");
        assert_eq!(matched.removals.len(), 3);
        assert!(matched
            .removals
            .iter()
            .all(|r| r.reason == "your rule: ##p"));
        let by_id = |id: &str| {
            (0..page.len() as Ix)
                .find(|&ix| page.attr(ix, "id") == Some(id))
                .unwrap()
        };
        let removal = |id: &str, rule: &str| Planned::remove(by_id(id), 2, rule, "");
        let ex = &matched.exceptions;
        // The kept element, what holds it, what it holds.
        for id in ["kept", "outer", "inner", "in", "pixel"] {
            assert_eq!(ex.forbidding(&page, &removal(id, "ad")), Some(0), "{id}");
        }
        let body = Planned {
            ix: page.body.unwrap(),
            ..removal("away", "ad")
        };
        assert_eq!(ex.forbidding(&page, &body), Some(0), "<body> holds them");
        // Trackers inside a kept element still go; the kept element itself does not.
        assert_eq!(
            ex.forbidding(&page, &removal("pixel", "tracker.pixel")),
            None
        );
        assert_eq!(
            ex.forbidding(&page, &removal("kept", "tracker.pixel")),
            Some(0)
        );
        assert_eq!(
            ex.forbidding(&page, &removal("outer", "tracker.pixel")),
            Some(0)
        );
        // Next to a kept element.
        for id in ["sibling", "away"] {
            assert_eq!(ex.forbidding(&page, &removal(id, "ad")), None, "{id}");
        }
        // Only removals are withheld.
        let mut cands = vec![
            removal("outer", "ad"),
            removal("away", "ad"),
            Planned {
                action: Action::Unstick {
                    style: "position: static !important".into(),
                },
                ..removal("kept", "sticky.unstick")
            },
        ];
        let withheld = ex.withhold(&page, &mut cands);
        assert_eq!(withheld.len(), 1);
        assert_eq!(withheld[0].1.ix, by_id("outer"));
        assert_eq!(cands.len(), 2);
    }
}

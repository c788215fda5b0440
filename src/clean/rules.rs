//! The reader's own cosmetic rules, in uBlock Origin syntax: `example.com##.selector`,
//! `a.com,b.org##div.promo`, `~shop.example.com,example.com##.ad` (exclusions), `##.selector`
//! (every site). Lines starting with `!` are comments.

use scraper::Selector;
use serde_json::Value;

use super::trackers::site_matches;

/// A parsed rule.
#[derive(Debug)]
pub(crate) struct UserRule {
    /// The rule as the reader wrote it.
    pub text: String,
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

fn parse_line(line: &str) -> Result<Option<UserRule>, String> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('!') {
        return Ok(None);
    }
    for unsupported in ["#@#", "#?#", "#$#", "#%#", "##+js", "##^"] {
        if line.contains(unsupported) {
            return Err(format!(
                "\"{unsupported}\" rules are not supported (only element hiding with \"##\")"
            ));
        }
    }
    let (hosts, selector) = line
        .split_once("##")
        .ok_or_else(|| "expected \"host##selector\" or \"##selector\"".to_string())?;
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
        include,
        exclude,
        selector: parsed,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
        assert_eq!(rules.len(), 3);
        assert_eq!(warnings.len(), 5, "{warnings:?}");
        assert!(rules[0].applies_to(Some("www.example.com")));
        assert!(!rules[0].applies_to(Some("example.org")));
        assert!(!rules[0].applies_to(None));
        assert!(rules[1].applies_to(None));
        assert!(!rules[2].applies_to(Some("shop.example.com")));
        assert!(rules[2].applies_to(Some("news.example.com")));
    }
}
